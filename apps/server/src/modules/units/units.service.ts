/**
 * The units ledger (生产经营单位 / 安全生产监管台帐) and hazard sources (危险源): kept by the
 * township and village inside their scope, each unit's supervising department read from the
 * county's sector → department table (三管三必须). Every write is checked, audited, transactional.
 */
import {
  ledgerEditorRoles,
  ledgerSettingsOverride,
  ledgerSettingsRoles,
  padRegionCode,
  regionPrefixLength,
  type CreateHazardSourceBody,
  type CreateUnitBody,
  type HazardSource,
  type HazardSourceFilters,
  type HazardSourceStats,
  type LedgerSettings,
  type LedgerSettingsOverride,
  type LedgerSettingsResponse,
  type RegionLevel,
  type Unit,
  type UnitFilters,
  type UpdateHazardSourceBody,
  type UpdateUnitBody,
} from '@lastmile/shared';
import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { onUniqueViolation, pickDefined } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import { omit } from '../../lib/omit';
import {
  effectiveLedgerSettings,
  readOwnOverride,
  writeSettingsOverride,
} from '../../lib/region-settings';

export { effectiveLedgerSettings };
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, type Scope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { assertRole, resolveRegion, subtreePrefix, type ResolvedRegion } from '../org';
import {
  findHazardSourceRow,
  findUnitRow,
  hazardSourceCondition,
  hazardSourceCounts,
  hazardSourceUnitCounts,
  insertHazardSource,
  insertUnit,
  listHazardSourceRows,
  listUnitRows,
  listChildRegions,
  listUsedCategories,
  unitCondition,
  updateHazardSourceRow,
  updateUnitRow,
  type HazardSourceRow,
  type HazardSourceValues,
  type UnitRow,
  type UnitValues,
} from './units.repository';

const ledgerLevels = ['township', 'village'] as const;

export const unitNotFound = () => new AppError('UNIT_NOT_FOUND', 404);
const hazardSourceNotFound = () => new AppError('HAZARD_SOURCE_NOT_FOUND', 404);

// ---------------------------------------------------------------- settings (台账设置)

/** Settings for several counties at once, for lists that cross county lines. */
async function settingsByCounty(db: Executor, countyCodes: Iterable<string>) {
  const settings = new Map<string, LedgerSettings>();
  for (const county of new Set(countyCodes)) {
    settings.set(county, await effectiveLedgerSettings(db, padRegionCode(county)));
  }
  return settings;
}

export async function getLedgerSettings(
  ctx: ServiceContext,
  regionCode?: string,
): Promise<LedgerSettingsResponse> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const own = await readOwnOverride(ctx.db, 'ledger_settings', region.code);
  return {
    regionCode: region.code,
    override: ledgerSettingsOverride.parse(own ?? {}),
    ...(await effectiveLedgerSettings(ctx.db, region.code)),
  };
}

/** Stores a province's or county's category list and department names. County admins only. */
export async function updateLedgerSettings(
  ctx: ServiceContext,
  body: { regionCode: string; override: LedgerSettingsOverride },
): Promise<LedgerSettingsResponse> {
  assertRole(ctx.actor, ledgerSettingsRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'province',
    'city',
    'county',
  ]);
  if (body.override.categories) {
    const kept = new Set(body.override.categories.map((category) => category.code));
    const dropped = (await listUsedCategories(ctx.db, subtreePrefix(region))).filter(
      (code) => !kept.has(code),
    );
    if (dropped.length > 0) {
      throw new AppError('CATEGORY_IN_USE', 409, { codes: dropped }, { codes: dropped.join('、') });
    }
  }
  const before = await getLedgerSettings(ctx, region.code);
  await ctx.db.transaction(async (tx) => {
    await writeSettingsOverride(tx, 'ledger_settings', region.code, body.override);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'ledgerSettings.update',
        entity: 'ledgerSettings',
        entityId: region.code,
        regionCode: region.code,
        before: before.override,
        after: body.override,
      },
      ctx.requestId,
    );
  });
  return getLedgerSettings(ctx, region.code);
}

// ---------------------------------------------------------------- units

function toUnit(row: UnitRow, settings: LedgerSettings): Unit {
  const category = settings.categories.find((item) => item.code === row.category);
  return {
    ...omit(row, ['countyCode']),
    categoryName: category?.name ?? row.category,
    smallVenue: category?.smallVenue ?? false,
    supervisingDepartment: settings.sectorDepartments[row.sector],
  };
}

export async function toUnits(db: Executor, rows: UnitRow[]): Promise<Unit[]> {
  const settings = await settingsByCounty(
    db,
    rows.map((row) => row.countyCode),
  );
  return rows.map((row) => toUnit(row, settings.get(row.countyCode)!));
}

async function loadUnit(db: Executor, id: string, scope: Scope): Promise<Unit> {
  const row = await findUnitRow(db, id, scope);
  if (!row) {
    throw unitNotFound();
  }
  const [unit] = await toUnits(db, [row]);
  return unit!;
}

/**
 * The SQL condition of a unit filter, with its region checked against the caller's scope.
 * `smallVenue` is read through the category list of the region asked for.
 */
export async function unitFilterCondition(ctx: ServiceContext, filters: UnitFilters): Promise<SQL> {
  const region = filters.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, filters.regionCode)
    : undefined;
  let categories: string[] | undefined;
  if (filters.smallVenue !== undefined) {
    const settings = await effectiveLedgerSettings(
      ctx.db,
      region?.code ?? ctx.actor.scope.regionCode,
    );
    categories = settings.categories
      .filter((category) => category.smallVenue === filters.smallVenue)
      .map((category) => category.code);
  }
  return unitCondition(ctx.actor.scope, {
    q: filters.q,
    sector: filters.sector,
    category: filters.category,
    status: filters.status,
    prefix: region ? subtreePrefix(region) : undefined,
    categories,
  });
}

export async function listUnits(
  ctx: ServiceContext,
  query: UnitFilters & { limit: number; offset: number },
): Promise<{ items: Unit[]; total: number }> {
  const { rows, total } = await listUnitRows(ctx.db, await unitFilterCondition(ctx, query), query);
  return { items: await toUnits(ctx.db, rows), total };
}

export async function getUnit(ctx: ServiceContext, id: string): Promise<Unit> {
  return loadUnit(ctx.db, id, ctx.actor.scope);
}

/** Column values of a unit body; the category must be in the county's list. */
function unitValues(
  body: UpdateUnitBody,
  settings: LedgerSettings,
  current?: { category: string },
): Partial<UnitValues> {
  const values: Partial<UnitValues> = pickDefined(body, [
    'name',
    'creditCode',
    'address',
    'legalRepresentative',
    'safetyContact',
    'safetyContactPhone',
    'employees',
    'status',
    'notes',
    'sector',
  ]);
  if (body.category !== undefined) {
    const category = settings.categories.find((item) => item.code === body.category);
    if (!category) {
      throw new AppError('CATEGORY_UNKNOWN', 400, {
        category: body.category,
        allowed: settings.categories.map((item) => item.code),
      });
    }
    values.category = category.code;
    // A new category brings its sector unless the body names one.
    if (body.sector === undefined && category.code !== current?.category) {
      values.sector = category.sector;
    }
  }
  if (body.location !== undefined) {
    values.lon = body.location?.lon ?? null;
    values.lat = body.location?.lat ?? null;
  }
  return values;
}

const unitClash = (constraint: string) =>
  new AppError(
    constraint === 'unit_credit_code_key' ? 'CREDIT_CODE_TAKEN' : 'UNIT_NAME_TAKEN',
    409,
  );

/** What the audit log keeps of a unit. */
function unitAuditView(unit: Unit) {
  return omit(unit, ['createdAt', 'updatedAt', 'hazardSources']);
}

export async function createUnit(ctx: ServiceContext, body: CreateUnitBody): Promise<Unit> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, ledgerLevels);
  const settings = await effectiveLedgerSettings(ctx.db, region.code);
  const values = unitValues(body, settings);
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const id = await insertUnit(tx, {
          ...values,
          regionCode: region.code,
          countyCode: countyCodeOf(region.code),
          name: body.name,
          category: values.category!,
          sector: values.sector!,
          status: body.status,
        });
        const unit = await loadUnit(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'unit.create',
            entity: 'unit',
            entityId: id,
            regionCode: region.code,
            after: unitAuditView(unit),
          },
          ctx.requestId,
        );
        return unit;
      }),
    unitClash,
  );
}

export async function updateUnit(
  ctx: ServiceContext,
  id: string,
  body: UpdateUnitBody,
): Promise<Unit> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const before = await loadUnit(ctx.db, id, ctx.actor.scope);
  let regionCode = before.regionCode;
  if (body.regionCode !== undefined) {
    regionCode = (await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, ledgerLevels)).code;
  }
  const settings = await effectiveLedgerSettings(ctx.db, regionCode);
  const values = unitValues(body, settings, before);
  if (regionCode !== before.regionCode) {
    values.regionCode = regionCode;
    values.countyCode = countyCodeOf(regionCode);
  }
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        await updateUnitRow(tx, id, values);
        const unit = await loadUnit(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'unit.update',
            entity: 'unit',
            entityId: id,
            regionCode: unit.regionCode,
            before: unitAuditView(before),
            after: unitAuditView(unit),
          },
          ctx.requestId,
        );
        return unit;
      }),
    unitClash,
  );
}

// ---------------------------------------------------------------- hazard sources

const toHazardSource = (row: HazardSourceRow): HazardSource => row;

async function loadHazardSource(db: Executor, id: string, scope: Scope): Promise<HazardSource> {
  const row = await findHazardSourceRow(db, id, scope);
  if (!row) {
    throw hazardSourceNotFound();
  }
  return toHazardSource(row);
}

export async function hazardSourceFilterCondition(
  ctx: ServiceContext,
  filters: HazardSourceFilters,
): Promise<SQL> {
  const region = filters.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, filters.regionCode)
    : undefined;
  return hazardSourceCondition(ctx.actor.scope, {
    q: filters.q,
    kind: filters.kind,
    major: filters.major,
    unitId: filters.unitId,
    prefix: region ? subtreePrefix(region) : undefined,
  });
}

export async function listHazardSources(
  ctx: ServiceContext,
  query: HazardSourceFilters & { limit: number; offset: number },
): Promise<{ items: HazardSource[]; total: number }> {
  const { rows, total } = await listHazardSourceRows(
    ctx.db,
    await hazardSourceFilterCondition(ctx, query),
    query,
  );
  return { items: rows.map(toHazardSource), total };
}

export async function getHazardSource(ctx: ServiceContext, id: string): Promise<HazardSource> {
  return loadHazardSource(ctx.db, id, ctx.actor.scope);
}

function hazardSourceValues(body: UpdateHazardSourceBody): Partial<HazardSourceValues> {
  const values: Partial<HazardSourceValues> = pickDefined(body, [
    'name',
    'kind',
    'major',
    'majorGrade',
    'substances',
    'quantity',
    'responsiblePerson',
    'responsiblePhone',
    'controlMeasures',
    'monitoring',
    'notes',
  ]);
  if (body.major === false) {
    values.majorGrade = null;
  }
  if (body.location !== undefined) {
    values.lon = body.location?.lon ?? null;
    values.lat = body.location?.lat ?? null;
  }
  return values;
}

const hazardSourceClash = () => new AppError('HAZARD_SOURCE_NAME_TAKEN', 409);

function hazardSourceAuditView(source: HazardSource) {
  return omit(source, ['createdAt', 'updatedAt']);
}

export async function createHazardSource(
  ctx: ServiceContext,
  body: CreateHazardSourceBody,
): Promise<HazardSource> {
  assertRole(ctx.actor, ledgerEditorRoles);
  let region: ResolvedRegion | undefined;
  let regionCode: string;
  if (body.unitId) {
    regionCode = (await loadUnit(ctx.db, body.unitId, ctx.actor.scope)).regionCode;
  } else {
    region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode!, ledgerLevels);
    regionCode = region.code;
  }
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const id = await insertHazardSource(tx, {
          ...hazardSourceValues(body),
          regionCode,
          countyCode: countyCodeOf(regionCode),
          unitId: body.unitId ?? null,
          name: body.name,
          kind: body.kind,
          major: body.major,
        });
        const source = await loadHazardSource(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'hazardSource.create',
            entity: 'hazardSource',
            entityId: id,
            regionCode,
            after: hazardSourceAuditView(source),
          },
          ctx.requestId,
        );
        return source;
      }),
    hazardSourceClash,
  );
}

export async function updateHazardSource(
  ctx: ServiceContext,
  id: string,
  body: UpdateHazardSourceBody,
): Promise<HazardSource> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const before = await loadHazardSource(ctx.db, id, ctx.actor.scope);
  const major = body.major ?? before.major;
  const grade = body.majorGrade === undefined ? before.majorGrade : body.majorGrade;
  if (!major && grade !== null && body.major !== false) {
    throw new AppError('VALIDATION_FAILED', 400, {
      majorGrade: 'only a major hazard source has a grade',
    });
  }
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        await updateHazardSourceRow(tx, id, hazardSourceValues(body));
        const source = await loadHazardSource(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'hazardSource.update',
            entity: 'hazardSource',
            entityId: id,
            regionCode: source.regionCode,
            before: hazardSourceAuditView(before),
            after: hazardSourceAuditView(source),
          },
          ctx.requestId,
        );
        return source;
      }),
    hazardSourceClash,
  );
}

// ---------------------------------------------------------------- 重点危险源情况统计表

/** The level a region's table rows are at; a village's table has the village as its one row. */
export const childLevel: Record<RegionLevel, RegionLevel> = {
  province: 'city',
  city: 'county',
  county: 'township',
  township: 'village',
  village: 'village',
};

/**
 * Hazard source counts per township of a county (or per village of a township): sources, the
 * units holding them, major ones by grade, and every kind.
 */
export async function getHazardSourceStats(
  ctx: ServiceContext,
  regionCode?: string,
): Promise<HazardSourceStats> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const prefix = subtreePrefix(region);
  const groupLength = regionPrefixLength[childLevel[region.level]];
  const [counts, unitCounts, children] = await Promise.all([
    hazardSourceCounts(ctx.db, prefix, groupLength),
    hazardSourceUnitCounts(ctx.db, prefix, groupLength),
    region.level === 'village' ? [region] : listChildRegions(ctx.db, region.code),
  ]);
  const emptyRow = (code: string, name: string) => ({
    regionCode: code,
    regionName: name,
    units: 0,
    sources: 0,
    major: 0,
    majorByGrade: {} as Record<string, number>,
    byKind: {} as Record<string, number>,
  });
  const rows = new Map(children.map((child) => [child.code, emptyRow(child.code, child.name)]));
  const total = emptyRow(region.code, region.name);
  const add = (target: Record<string, number>, key: string, value: number) => {
    target[key] = (target[key] ?? 0) + value;
  };
  for (const count of counts) {
    const row = rows.get(count.groupCode);
    for (const target of row ? [row, total] : [total]) {
      target.sources += count.sources;
      add(target.byKind, count.kind, count.sources);
      if (count.major) {
        target.major += count.sources;
        add(target.majorByGrade, String(count.majorGrade ?? 0), count.sources);
      }
    }
  }
  for (const count of unitCounts) {
    const row = rows.get(count.groupCode);
    if (row) {
      row.units += count.units;
    }
    total.units += count.units;
  }
  return { regionCode: region.code, regionName: region.name, rows: [...rows.values()], total };
}
