export { orgRoutes } from './org.routes';
export { findOnDuty } from './duty.service';
export { computeStaffing, checkCoverage } from './staffing';
