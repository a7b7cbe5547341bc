export { channelsRoutes } from './channels.routes';
export { notify, type Notice, type NoticeRecipient } from './notifications.service';
export {
  gatewayFromConfig,
  httpGateway,
  logGateway,
  type GatewayMessage,
  type GatewayResult,
  type MessageGateway,
} from './gateway';
