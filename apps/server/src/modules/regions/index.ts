export { regionsRoutes } from './regions.routes';
export { divisionRows, importRegions, UnknownRegionError, type ImportResult } from './regions.import';
export { countRegions, findRegion } from './regions.repository';
