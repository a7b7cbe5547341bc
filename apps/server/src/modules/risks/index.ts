export { risksRoutes } from './risks.routes';
export { findRiskPointRow } from './risks.repository';
