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
export { warningsRoutes } from './warnings.routes';
export { runWarningTimers, sendQueuedMessages } from './escalation';
export { recordAnswer } from './answers';
export { ingestWarning, relayWarning } from './warnings.service';
export { pollWarningFeed } from './feed';
