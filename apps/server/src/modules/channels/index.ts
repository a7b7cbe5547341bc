export { channelsRoutes } from './channels.routes';
export { notify, type Notice, type NoticeRecipient } from './notifications.service';
