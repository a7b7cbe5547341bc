export { unitsRoutes } from './units.routes';
export {
  childLevel,
  effectiveLedgerSettings,
  getHazardSourceStats,
  hazardSourceFilterCondition,
  toUnits,
  unitFilterCondition,
  unitNotFound,
} from './units.service';
export {
  findUnitRow,
  hazardSourceRowBatches,
  listChildRegions,
  placeColumns,
  placeJoin,
  unitRowBatches,
  updateHazardSourceRow,
  updateUnitRow,
} from './units.repository';
export type { HazardSourceValues, UnitValues } from './units.repository';
