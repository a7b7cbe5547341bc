export { risksRoutes } from './risks.routes';
export { riskLevelsByGrid } from './risks.repository';
