export { beijingTime, formatCap12, nationalIdentifierTime } from './cap-export';
export {
  parseWarning,
  warningMaxBytes,
  type ParsedWarning,
  type WarningArea,
  type WarningFormat,
  type WarningInfo,
  type WarningLevel,
  type WarningReference,
} from './warning-format';
