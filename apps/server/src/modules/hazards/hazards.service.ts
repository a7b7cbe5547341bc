/**
 * Hazards (隐患) and their closed loop (隐患闭环): found → verified → assigned with the 五定 →
 * rectifying → submitted with after-photos → accepted by someone else → closed (销号). Every
 * step is one transaction that locks the hazard, checks the state machine, the role, the scope
 * and (for departments) ownership, writes the change and its audit row; the timeline is read
 * back from the audit log, so it cannot disagree with what happened.
 */
import { randomUUID } from 'node:crypto';
import {
  ancestorCode,
  allowedHazardActions,
  hazardActionRoles,
  hazardReporterRoles,
  hazardTransitions,
  padRegionCode,
  type CreateHazardBody,
  type Hazard,
  type HazardAction,
  type HazardEvent,
  type HazardFilters,
  type HazardPage,
  type HazardSummary,
  type HazardOrigin,
  type HazardSettings,
  type HazardState,
  type Role,
  type TransitionHazardBody,
} from '@lastmile/shared';
import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { AppError, forbidden, notFound, outOfScope } from '../../errors';
import type { Actor, ServiceContext } from '../../plugins/auth';
import { countyCodeOf, isInScope, type Scope } from '../../plugins/scope';
import { auditStatement, recordAudit } from '../audit';
import { notify } from '../channels';
import { assertRole, checkRegion, loadPerson, resolveRegion, subtreePrefix } from '../org';
import { findRiskPointRow } from '../risks';
import { assertAttachmentsExist } from '../sync';
import { findUnitRow, unitNotFound } from '../units';
import {
  findHazardRow,
  hazardCondition,
  insertHazard,
  newHazardRow,
  listHazardAuditRows,
  countHazardRows,
  listHazardRows,
  updateHazardRow,
  type HazardRow,
  type HazardSummaryRow,
  type HazardValues,
  type NewHazardValues,
} from './hazards.repository';
import { effectiveHazardSettings } from './settings.service';

export const hazardNotFound = () => new AppError('HAZARD_NOT_FOUND', 404);
const finalStates: readonly HazardState[] = ['closed', 'rejected', 'merged'];

// ---------------------------------------------------------------- who may do what

/** Why an actor may not take an action on a hazard, or null when they may. */
function refusal(actor: Actor, row: HazardRow, action: HazardAction): AppError | null {
  if (!hazardActionRoles(action, row.grade).includes(actor.role)) {
    return forbidden();
  }
  if (!hazardTransitions[action].from.includes(row.state)) {
    return new AppError('HAZARD_TRANSITION_NOT_ALLOWED', 409, { state: row.state, action });
  }
  // A department acts only on hazards it took on by answering a summons.
  if (
    actor.role === 'department' &&
    (!actor.department || row.ownerDepartment !== actor.department)
  ) {
    return new AppError('HAZARD_NOT_OWNED', 403);
  }
  // Village and grid staff rectify only what was assigned to them.
  if (
    (action === 'startRectification' || action === 'submit') &&
    (actor.role === 'village_staff' || actor.role === 'grid_worker') &&
    (!actor.personId || actor.personId !== row.responsiblePersonId)
  ) {
    return forbidden();
  }
  if (action === 'accept' || action === 'failAcceptance') {
    if (isRectifier(actor, row)) {
      return new AppError('HAZARD_ACCEPTER_IS_RECTIFIER', 403);
    }
    // Village staff accept only when the 五定 named them (or named nobody, as on a hazard fixed
    // on the spot); the township and county offices may accept in the accepter's stead.
    if (
      actor.role === 'village_staff' &&
      row.accepterPersonId &&
      actor.personId !== row.accepterPersonId
    ) {
      return new AppError('HAZARD_NOT_ACCEPTER', 403);
    }
  }
  return null;
}

/** The person who submitted the rectification, or who is responsible for it, is not its accepter. */
function isRectifier(actor: Actor, row: HazardRow): boolean {
  return (
    actor.id === row.rectifiedById ||
    (actor.personId !== null &&
      (actor.personId === row.responsiblePersonId || actor.id === row.responsiblePerson?.userId))
  );
}

function allowedActions(actor: Actor, row: HazardRow): HazardAction[] {
  return allowedHazardActions(row.state, row.grade, actor.role).filter(
    (action) => refusal(actor, row, action) === null,
  );
}

// ---------------------------------------------------------------- reading

const ref = (userId: string | null, name: string | null) => ({ userId, name: name ?? '' });

export function toHazard(row: HazardRow, actor: Actor): Hazard {
  return {
    id: row.id,
    number: row.number,
    regionCode: row.regionCode,
    regionName: row.regionName,
    townshipCode: row.townshipCode,
    townshipName: row.townshipName,
    gridId: row.gridId,
    gridName: row.gridName,
    unitId: row.unitId,
    unitName: row.unitName,
    riskPointId: row.riskPointId,
    riskPointName: row.riskPointName,
    origin: row.origin,
    kind: row.kind,
    sector: row.sector,
    grade: row.grade,
    standardCode: row.standardCode,
    title: row.title,
    description: row.description,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    address: row.address,
    photoIds: row.photoIds,
    state: row.state,
    stateChangedAt: row.stateChangedAt,
    finder: ref(row.finderId, row.finderName),
    fixedOnSpot: row.fixedOnSpot,
    assignment:
      row.assignedAt && row.deadline && row.accepterPersonId
        ? {
            responsible:
              row.responsiblePersonId && row.responsiblePerson
                ? {
                    personId: row.responsiblePersonId,
                    name: row.responsiblePerson.name,
                    mobile: row.responsiblePerson.mobile,
                  }
                : null,
            responsibleName: row.responsiblePerson?.name ?? row.responsibleName ?? '',
            responsiblePhone: row.responsiblePerson?.mobile ?? row.responsiblePhone,
            deadline: row.deadline,
            measures: row.measures ?? '',
            temporaryMeasures: row.temporaryMeasures,
            fundsYuan: row.fundsYuan,
            acceptanceStandard: row.acceptanceStandard ?? '',
            accepter: {
              personId: row.accepterPersonId,
              name: row.accepter?.name ?? '',
              mobile: row.accepter?.mobile ?? '',
            },
            assignedAt: row.assignedAt,
            assignedBy: ref(row.assignedById, row.assignedByName),
          }
        : null,
    treatmentPlan: row.treatmentPlan,
    rectification: row.rectifiedAt
      ? {
          by: ref(row.rectifiedById, row.rectifiedByName),
          at: row.rectifiedAt,
          note: row.rectificationNote ?? '',
          photoIds: row.rectificationPhotoIds ?? [],
        }
      : null,
    acceptance: row.acceptedAt
      ? {
          by: ref(row.acceptedById, row.acceptedByName),
          at: row.acceptedAt,
          note: row.acceptanceNote,
        }
      : null,
    closure: row.closedAt
      ? { by: ref(row.closedById, row.closedByName), at: row.closedAt, note: row.closureNote }
      : null,
    rejectReason: row.rejectReason,
    mergedIntoId: row.mergedIntoId,
    overdue: row.overdue,
    supervisionLevel: row.supervisionLevel,
    reportedToCountyAt: row.reportedToCountyAt,
    publicReportId: row.publicReportId,
    summons: row.summons,
    allowedActions: allowedActions(actor, row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toHazardSummary(row: HazardSummaryRow): HazardSummary {
  const {
    finderId,
    finderName,
    assigned,
    responsiblePerson,
    responsibleName,
    responsiblePhone,
    ...summary
  } = row;
  return {
    ...summary,
    finder: ref(finderId, finderName),
    responsible: assigned
      ? {
          name: responsiblePerson?.name ?? responsibleName ?? '',
          phone: responsiblePerson?.mobile ?? responsiblePhone,
        }
      : null,
  };
}

export async function loadHazardRow(db: Executor, id: string, scope: Scope, lock = false) {
  const row = await findHazardRow(db, id, scope, { lock });
  if (!row) {
    throw hazardNotFound();
  }
  return row;
}

export async function getHazard(ctx: ServiceContext, id: string): Promise<Hazard> {
  return toHazard(await loadHazardRow(ctx.db, id, ctx.actor.scope), ctx.actor);
}

/** The SQL condition of a hazard filter, with its region checked against the caller's scope. */
export async function hazardFilterCondition(
  ctx: ServiceContext,
  filters: HazardFilters & { from?: string | undefined; to?: string | undefined },
): Promise<SQL> {
  const region = filters.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, filters.regionCode)
    : undefined;
  return hazardCondition(ctx.actor.scope, {
    ...filters,
    prefix: region ? subtreePrefix(region) : undefined,
    states: filters.state,
    personId: filters.mine ? ctx.actor.personId : undefined,
    createdFrom: filters.from,
    createdTo: filters.to,
  });
}

export async function listHazards(
  ctx: ServiceContext,
  query: HazardFilters & { limit: number; offset: number },
): Promise<HazardPage> {
  const condition = await hazardFilterCondition(ctx, query);
  const { rows, hasMore } = await listHazardRows(ctx.db, condition, query);
  return { items: rows.map(toHazardSummary), hasMore };
}

/** How many hazards match the filters: the ledger's total, asked for beside its page. */
export async function countHazards(ctx: ServiceContext, filters: HazardFilters) {
  return { total: await countHazardRows(ctx.db, await hazardFilterCondition(ctx, filters)) };
}

/** 一单四制 清单: the county's major hazards, overdue first, then by deadline; with the total. */
export async function listMajorHazards(
  ctx: ServiceContext,
  query: HazardFilters & { limit: number; offset: number },
): Promise<{ items: HazardSummary[]; total: number }> {
  const condition = await hazardFilterCondition(ctx, { ...query, grade: 'major' });
  const [{ rows }, total] = await Promise.all([
    listHazardRows(ctx.db, condition, query, 'overdueFirst'),
    countHazardRows(ctx.db, condition),
  ]);
  return { items: rows.map(toHazardSummary), total };
}

const eventStates = (after: Record<string, unknown> | null) => ({
  fromState: (after?.fromState as HazardState | undefined) ?? null,
  toState: (after?.toState as HazardState | undefined) ?? null,
});

/** The hazard's history from the audit log, oldest first. */
export async function getHazardTimeline(
  ctx: ServiceContext,
  id: string,
): Promise<{ items: HazardEvent[] }> {
  await loadHazardRow(ctx.db, id, ctx.actor.scope);
  const rows = await listHazardAuditRows(ctx.db, id);
  return {
    items: rows.map((row) => {
      const { note, photoIds, fromState, toState, ...details } = row.after ?? {};
      void fromState;
      void toState;
      return {
        at: row.at,
        actor: ref(row.actorId, row.actorName),
        action: row.action.replace(/^hazard\./, ''),
        ...eventStates(row.after),
        note: typeof note === 'string' ? note : null,
        photoIds: Array.isArray(photoIds) ? (photoIds as string[]) : [],
        details,
      };
    }),
  };
}

// ---------------------------------------------------------------- creating

const originByRole: Record<Role, HazardOrigin> = {
  county_admin: 'officeInspection',
  county_staff: 'officeInspection',
  department: 'departmentReferral',
  township_admin: 'officeInspection',
  township_staff: 'officeInspection',
  village_staff: 'gridPatrol',
  grid_worker: 'gridPatrol',
};

export function assertStandard(settings: HazardSettings, code: string | null | undefined): void {
  if (code && !settings.standards.some((standard) => standard.code === code)) {
    throw new AppError('HAZARD_STANDARD_UNKNOWN', 422, { standardCode: code });
  }
}

/** The county office of a region: notices about major and overdue hazards go there. */
const countyOffice = (code: string) => ancestorCode(code, 'county');

export interface NewHazard extends Omit<CreateHazardBody, 'origin' | 'fixedOnSpot'> {
  origin?: HazardOrigin | undefined;
  fixedOnSpot?: CreateHazardBody['fixedOnSpot'];
  /** Public reports and inspections: created already verified by the office. */
  state?: 'reported' | 'verified';
  publicReportId?: string;
  finderName?: string;
  /** The field app's own id for the hazard (its outbox key); a new random one otherwise. */
  id?: string;
  /**
   * The field app uploads photos after the report lands, so their ids may name nothing yet;
   * each arrives later under its id.
   */
  photosMayFollow?: boolean;
}

/**
 * Checks and inserts a hazard, with its audit row, on `db`: the caller's transaction, or the
 * database itself for a general hazard (one statement writes both). A major one also notifies
 * the county, so it needs a transaction. Returns the new hazard's row.
 */
export async function insertNewHazard(
  tx: Executor,
  ctx: ServiceContext,
  body: NewHazard,
): Promise<HazardRow> {
  const { actor } = ctx;
  const unit = body.unitId ? await findUnitRow(tx, body.unitId, actor.scope) : undefined;
  if (body.unitId && !unit) {
    throw unitNotFound();
  }
  const riskPoint = body.riskPointId
    ? await findRiskPointRow(tx, body.riskPointId, actor.scope)
    : undefined;
  if (body.riskPointId && !riskPoint) {
    throw new AppError('RISK_POINT_NOT_FOUND', 404);
  }
  const regionCode = padRegionCode(body.regionCode ?? unit?.regionCode ?? riskPoint!.regionCode);
  if (!isInScope(actor.scope, regionCode)) {
    throw outOfScope();
  }
  const gridId = body.gridId ?? riskPoint?.gridId ?? null;
  if (body.standardCode) {
    assertStandard(await effectiveHazardSettings(tx, regionCode), body.standardCode);
  }
  if (!body.photosMayFollow) {
    await assertAttachmentsExist(tx, [
      ...body.photoIds,
      ...(body.fixedOnSpot?.afterPhotoIds ?? []),
    ]);
  }
  const location = body.location ?? unit?.location ?? riskPoint?.location ?? null;
  const fixed = body.fixedOnSpot;
  const state: HazardState = fixed ? 'submitted' : (body.state ?? 'reported');
  const major = body.grade === 'major';
  const values: NewHazardValues = {
    id: body.id ?? randomUUID(),
    regionCode,
    countyCode: countyCodeOf(regionCode),
    gridId,
    unitId: unit?.id ?? null,
    riskPointId: riskPoint?.id ?? null,
    origin: body.origin ?? originByRole[actor.role],
    kind: body.kind,
    sector: body.sector ?? unit?.sector ?? 'other',
    grade: body.grade,
    standardCode: body.standardCode ?? null,
    title: body.title,
    description: body.description ?? null,
    lon: location?.lon ?? null,
    lat: location?.lat ?? null,
    address: body.address ?? unit?.address ?? null,
    photoIds: body.photoIds,
    state,
    finderId: body.finderName ? null : actor.id,
    finderName: body.finderName ?? actor.displayName,
    fixedOnSpot: Boolean(fixed),
    publicReportId: body.publicReportId ?? null,
    reportedToCountyAt: major ? new Date() : null,
    ...(fixed
      ? {
          responsiblePersonId: actor.personId,
          responsibleName: actor.displayName,
          rectifiedAt: new Date(),
          rectifiedById: actor.id,
          rectifiedByName: actor.displayName,
          rectificationNote: fixed.note,
          rectificationPhotoIds: fixed.afterPhotoIds,
        }
      : {}),
  };
  const audit = (tail: SQL) =>
    auditStatement(
      actor,
      {
        action: 'hazard.create',
        entity: 'hazard',
        entityId: values.id,
        regionCode,
        after: {
          toState: state,
          grade: body.grade,
          kind: body.kind,
          title: body.title,
          origin: values.origin,
          photoIds: [...body.photoIds, ...(fixed?.afterPhotoIds ?? [])],
          note: fixed?.note ?? body.description ?? null,
          fixedOnSpot: Boolean(fixed),
        },
      },
      ctx.requestId,
      tail,
    );
  const inserted = await insertHazard(tx, values, audit);
  if ('refused' in inserted) {
    // Nothing was written: say what was wrong with the place.
    const place = inserted.refused;
    checkRegion(regionCode, place, ['township', 'village']);
    if (gridId && !place!.gridRegionCode) {
      throw notFound('grid');
    }
    // The region held, so the grid was not in it when the insert looked.
    throw new AppError('GRID_OUTSIDE_REGION', 400);
  }
  const row = newHazardRow(
    values,
    inserted.written,
    {
      unitName: unit?.name ?? null,
      riskPointName: riskPoint?.name ?? null,
    },
    // Fixed on the spot: the finder is the responsible person (their mobile is not needed
    // until an assignment, which a new hazard does not have).
    fixed && actor.personId ? { name: actor.displayName, mobile: '', userId: actor.id } : null,
  );
  if (major) {
    await reportMajorToCounty(tx, ctx, row.id, regionCode, body.title);
  }
  return row;
}

/** 重大隐患 立即报告: a notice to the county office and a timeline entry. */
async function reportMajorToCounty(
  tx: Executor,
  ctx: ServiceContext,
  id: string,
  regionCode: string,
  title: string,
) {
  await notify(tx, [{ officeRegionCode: countyOffice(regionCode) }], {
    kind: 'hazard.major',
    title: '重大隐患报告',
    body: `发现重大事故隐患：${title}`,
    entity: 'hazard',
    entityId: id,
    regionCode,
  });
  await recordAudit(
    tx,
    ctx.actor,
    { action: 'hazard.reportToCounty', entity: 'hazard', entityId: id, regionCode, after: {} },
    ctx.requestId,
  );
}

export async function createHazard(ctx: ServiceContext, body: CreateHazardBody): Promise<Hazard> {
  assertRole(ctx.actor, hazardReporterRoles);
  const row =
    body.grade === 'major'
      ? await ctx.db.transaction((tx) => insertNewHazard(tx, ctx, body))
      : await insertNewHazard(ctx.db, ctx, body);
  return toHazard(row, ctx.actor);
}

// ---------------------------------------------------------------- transitions

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, [{ path: [path], message }]);

/** Today plus `days`, as a calendar date in Asia/Shanghai. */
function shanghaiDatePlus(days: number, from = new Date()): string {
  const shanghai = new Date(from.getTime() + 8 * 3600_000 + days * 86_400_000);
  return shanghai.toISOString().slice(0, 10);
}

type Changes = { values: Partial<HazardValues>; details: Record<string, unknown> };

async function planTransition(
  tx: Executor,
  ctx: ServiceContext,
  row: HazardRow,
  body: TransitionHazardBody,
  photosMayFollow = false,
): Promise<Changes> {
  const { actor } = ctx;
  const now = new Date();
  switch (body.action) {
    case 'verify': {
      const grade = body.grade ?? row.grade;
      const standardCode = body.standardCode === undefined ? row.standardCode : body.standardCode;
      const settings = await effectiveHazardSettings(tx, row.regionCode);
      assertStandard(settings, standardCode);
      if (grade === 'major' && !standardCode) {
        throw invalid('standardCode', 'a major hazard names the judging standard it meets');
      }
      const becomesMajor = grade === 'major' && row.grade !== 'major';
      if (becomesMajor) {
        await reportMajorToCounty(tx, ctx, row.id, row.regionCode, row.title);
      }
      return {
        values: {
          grade,
          standardCode,
          kind: body.kind ?? row.kind,
          sector: body.sector ?? row.sector,
          ...(becomesMajor ? { reportedToCountyAt: now } : {}),
        },
        details: { grade, standardCode, note: body.note ?? null },
      };
    }
    case 'reject':
      return { values: { rejectReason: body.reason }, details: { note: body.reason } };
    case 'merge': {
      const target = await findHazardRow(tx, body.intoId, actor.scope);
      if (!target || target.id === row.id || finalStates.includes(target.state)) {
        throw new AppError('HAZARD_MERGE_TARGET_INVALID', 422);
      }
      return {
        values: { mergedIntoId: target.id },
        details: { intoId: target.id, intoNumber: target.number, note: body.note ?? null },
      };
    }
    case 'assign': {
      const responsible = body.responsiblePersonId
        ? await loadPerson(tx, body.responsiblePersonId, actor.scope)
        : null;
      if (!responsible && !body.responsibleName) {
        throw invalid('responsiblePersonId', 'name the responsible person');
      }
      const accepter = await loadPerson(tx, body.accepterPersonId, actor.scope);
      if (responsible && responsible.id === accepter.id) {
        throw new AppError('HAZARD_ACCEPTER_IS_RECTIFIER', 403);
      }
      const plan = body.treatmentPlan ?? row.treatmentPlan;
      if (row.grade === 'major' && !plan) {
        throw new AppError('HAZARD_PLAN_REQUIRED', 422);
      }
      const settings = await effectiveHazardSettings(tx, row.regionCode);
      const deadline = body.deadline ?? shanghaiDatePlus(settings.deadlineDays[row.grade]);
      const responsibleName = responsible?.name ?? body.responsibleName!;
      await notify(
        tx,
        [
          {
            personId: responsible?.id ?? null,
            officeRegionCode: responsible ? null : row.townshipCode,
          },
        ],
        {
          kind: 'hazard.assigned',
          title: '隐患整改交办',
          body: `${row.number} ${row.title}：请于 ${deadline} 前完成整改`,
          entity: 'hazard',
          entityId: row.id,
          regionCode: row.regionCode,
        },
      );
      return {
        values: {
          responsiblePersonId: responsible?.id ?? null,
          responsibleName,
          responsiblePhone: responsible?.mobile ?? body.responsiblePhone ?? null,
          deadline,
          measures: body.measures,
          temporaryMeasures: body.temporaryMeasures ?? null,
          fundsYuan: body.fundsYuan ?? null,
          acceptanceStandard: body.acceptanceStandard,
          accepterPersonId: accepter.id,
          treatmentPlan: plan,
          assignedAt: now,
          assignedById: actor.id,
          assignedByName: actor.displayName,
          // A new deadline starts the supervision ladder again.
          supervisionLevel: 0,
        },
        details: {
          responsible: responsibleName,
          accepter: accepter.name,
          deadline,
          measures: body.measures,
          temporaryMeasures: body.temporaryMeasures ?? null,
          fundsYuan: body.fundsYuan ?? null,
          acceptanceStandard: body.acceptanceStandard,
          treatmentPlan: body.treatmentPlan ?? null,
          note: body.note ?? null,
        },
      };
    }
    case 'startRectification':
      return { values: {}, details: { note: body.note ?? null } };
    case 'submit': {
      if (!photosMayFollow) {
        await assertAttachmentsExist(tx, body.photoIds);
      }
      if (row.accepterPersonId) {
        await notify(tx, [{ personId: row.accepterPersonId }], {
          kind: 'hazard.submitted',
          title: '隐患整改待验收',
          body: `${row.number} ${row.title} 已整改，请验收`,
          entity: 'hazard',
          entityId: row.id,
          regionCode: row.regionCode,
        });
      }
      return {
        values: {
          rectifiedAt: now,
          rectifiedById: actor.id,
          rectifiedByName: actor.displayName,
          rectificationNote: body.note,
          rectificationPhotoIds: body.photoIds,
        },
        details: { note: body.note, photoIds: body.photoIds },
      };
    }
    case 'accept':
      return {
        values: {
          acceptedAt: now,
          acceptedById: actor.id,
          acceptedByName: actor.displayName,
          acceptanceNote: body.note ?? null,
        },
        details: { note: body.note ?? null },
      };
    case 'failAcceptance':
      await notify(
        tx,
        [
          {
            personId: row.responsiblePersonId,
            officeRegionCode: row.responsiblePersonId ? null : row.townshipCode,
          },
        ],
        {
          kind: 'hazard.failedAcceptance',
          title: '隐患验收未通过',
          body: `${row.number} ${row.title}：${body.reason}`,
          entity: 'hazard',
          entityId: row.id,
          regionCode: row.regionCode,
        },
      );
      return { values: {}, details: { note: body.reason } };
    case 'close':
      return {
        values: {
          closedAt: now,
          closedById: actor.id,
          closedByName: actor.displayName,
          closureNote: body.note ?? null,
        },
        details: { note: body.note ?? null },
      };
  }
}

/**
 * Takes one step of the closed loop on `tx`. From the field app: a hazard that has moved on from
 * `baseState` (what the worker saw) is a conflict, and the photos may follow the step.
 */
export async function applyHazardTransition(
  tx: Executor,
  ctx: ServiceContext,
  id: string,
  body: TransitionHazardBody,
  field: { baseState?: HazardState; photosMayFollow?: boolean } = {},
): Promise<HazardRow> {
  const row = await loadHazardRow(tx, id, ctx.actor.scope, true);
  if (field.baseState && row.state !== field.baseState) {
    throw new AppError('HAZARD_STATE_CHANGED', 409, {
      state: row.state,
      baseState: field.baseState,
    });
  }
  const refused = refusal(ctx.actor, row, body.action);
  if (refused) {
    throw refused;
  }
  const { values, details } = await planTransition(tx, ctx, row, body, field.photosMayFollow);
  const toState = hazardTransitions[body.action].to;
  await updateHazardRow(tx, id, {
    ...values,
    state: toState,
    ...(toState === row.state ? {} : { stateChangedAt: new Date() }),
  });
  await recordAudit(
    tx,
    ctx.actor,
    {
      action: `hazard.${body.action}`,
      entity: 'hazard',
      entityId: id,
      regionCode: row.regionCode,
      before: { state: row.state },
      after: { fromState: row.state, toState, ...details },
    },
    ctx.requestId,
  );
  return row;
}

/** Takes one step of the closed loop (`action` plus its fields). */
export async function transitionHazard(
  ctx: ServiceContext,
  id: string,
  body: TransitionHazardBody,
): Promise<Hazard> {
  await ctx.db.transaction((tx) => applyHazardTransition(tx, ctx, id, body));
  return getHazard(ctx, id);
}
