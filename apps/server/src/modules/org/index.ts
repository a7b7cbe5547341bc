export { orgRoutes } from './org.routes';
export { findOnDuty } from './duty.service';
export { getDutyCards } from './cards.service';
export { computeStaffing, checkCoverage } from './staffing';
export {
  assertRole,
  getStaffingReport,
  loadGrid,
  loadPerson,
  checkRegion,
  resolveRegion,
  subtreePrefix,
  type ResolvedRegion,
} from './org.service';
export { importOrganisation } from './excel.service';
