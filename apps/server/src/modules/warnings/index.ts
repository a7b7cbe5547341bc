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
export { answerInTransaction, recordAnswer } from './answers';
export {
  findMyCall,
  ingestWarning,
  relayWarning,
  writeWarningActions,
} from './warnings.service';
export { warningEvents } from './events';
export { handleGatewayInbound } from './inbound';
export { pollWarningFeed } from './feed';
