export { hazardsRoutes } from './hazards.routes';
export { publicRoutes } from './public.routes';
export { escalateSilentSummons, superviseOverdueHazards } from './supervision';
export { insertNewHazard } from './hazards.service';
