export { auditRoutes } from './audit.routes';
export { recordAudit, recordAuditMany, sealAuditChain, verifyAuditChain, type AuditChange } from './audit.service';
