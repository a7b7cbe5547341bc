export { auditRoutes } from './audit.routes';
export { recordAudit, sealAuditChain, verifyAuditChain, type AuditChange } from './audit.service';
