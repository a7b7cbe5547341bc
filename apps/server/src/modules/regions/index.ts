export { regionsRoutes } from './regions.routes';
export { importRegions, UnknownRegionError, type ImportResult } from './regions.import';
export { countRegions, findRegion } from './regions.repository';
