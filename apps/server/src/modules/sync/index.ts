export { syncRoutes } from './sync.routes';
export { assertAttachmentsExist, saveImage } from './attachments.service';
