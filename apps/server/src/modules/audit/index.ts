export { auditRoutes } from './audit.routes';
export {
  auditRowsStatement,
  auditStatement,
  recordAudit,
  recordAuditMany,
  sealAuditChain,
  verifyAuditChain,
  type AuditActor,
  type AuditChange,
} from './audit.service';
