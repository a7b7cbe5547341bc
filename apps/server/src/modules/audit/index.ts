export { auditRoutes } from './audit.routes';
export {
  auditStatement,
  recordAudit,
  recordAuditMany,
  sealAuditChain,
  verifyAuditChain,
  type AuditChange,
} from './audit.service';
