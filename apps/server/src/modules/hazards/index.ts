export { hazardsRoutes } from './hazards.routes';
export { publicRoutes } from './public.routes';
export { escalateSilentSummons, superviseOverdueHazards } from './supervision';
export { applyHazardTransition, insertNewHazard } from './hazards.service';
export { overdueSql } from './hazards.repository';
export { rebuildHazardTally } from './hazards.reports';
