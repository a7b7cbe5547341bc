export { orgRoutes } from './org.routes';
export { findOnDuty } from './duty.service';
export { computeStaffing, checkCoverage } from './staffing';
export { getStaffingReport } from './org.service';
export { importOrganisation } from './excel.service';
