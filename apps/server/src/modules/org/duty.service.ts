/**
 * The duty roster (值班): one shift per township (or county) and day, from the handover time to
 * the same time next day, with the leader on duty (带班领导) and the duty staff. `findOnDuty`
 * answers "who answers for this place at time T" for any time, so escalations always have a
 * target: the shift if one covers T, and always the duty phone and the office's fallbacks.
 */
import { and, between, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import {
  dutyEditorRoles,
  type DutyShift,
  type OnDuty,
  type PostKind,
  type SetDutyShiftBody,
} from '@lastmile/shared';
import type { Executor } from '../../db/client';
import * as schema from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, isInScope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { findPersonRefs, findProfileRow, listPostHolders } from './org.repository';
import { assertRole, resolveRegion } from './org.service';

/** China has kept UTC+8 all year since 1991. */
const shanghaiOffset = '+08:00';
const dayMs = 86_400_000;

/** The default shift of a day: from the handover time that day to the same time the next. */
export function shiftWindow(date: string, handoverTime: string): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(`${date}T${handoverTime}:00${shanghaiOffset}`);
  return { startsAt, endsAt: new Date(startsAt.getTime() + dayMs) };
}

type ShiftRow = typeof schema.dutyShift.$inferSelect;

async function toDutyShift(db: Executor, row: ShiftRow): Promise<DutyShift> {
  const ids = [...(row.leaderPersonId ? [row.leaderPersonId] : []), ...row.staffPersonIds];
  const refs = new Map((await findPersonRefs(db, ids)).map((ref) => [ref.personId, ref]));
  return {
    id: row.id,
    regionCode: row.regionCode,
    date: row.dutyDate,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    leader: row.leaderPersonId ? (refs.get(row.leaderPersonId) ?? null) : null,
    staff: row.staffPersonIds.flatMap((id) => refs.get(id) ?? []),
    notes: row.notes,
  };
}

export async function setDutyShift(
  ctx: ServiceContext,
  body: SetDutyShiftBody,
  handoverTime: string,
): Promise<DutyShift> {
  assertRole(ctx.actor, dutyEditorRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'county',
    'township',
  ]);
  const staffIds = [...new Set(body.staffPersonIds)];
  const wanted = [...new Set([...(body.leaderPersonId ? [body.leaderPersonId] : []), ...staffIds])];
  // Only people the caller can see may be put on duty.
  const found = wanted.length
    ? await ctx.db
        .select({ id: schema.person.id, regionCode: schema.person.regionCode })
        .from(schema.person)
        .where(inArray(schema.person.id, wanted))
    : [];
  const visible = new Set(
    found.filter((row) => isInScope(ctx.actor.scope, row.regionCode)).map((row) => row.id),
  );
  const missing = wanted.filter((id) => !visible.has(id));
  if (missing.length > 0) {
    throw new AppError('PERSON_NOT_FOUND', 404, { personIds: missing });
  }
  const window =
    body.startsAt && body.endsAt
      ? { startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) }
      : shiftWindow(body.date, handoverTime);
  const values = {
    regionCode: region.code,
    countyCode: countyCodeOf(region.code),
    dutyDate: body.date,
    ...window,
    leaderPersonId: body.leaderPersonId,
    staffPersonIds: staffIds,
    notes: body.notes ?? null,
  };
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(schema.dutyShift)
      .where(
        and(eq(schema.dutyShift.regionCode, region.code), eq(schema.dutyShift.dutyDate, body.date)),
      );
    const [row] = await tx
      .insert(schema.dutyShift)
      .values(values)
      .onConflictDoUpdate({
        target: [schema.dutyShift.regionCode, schema.dutyShift.dutyDate],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    const shift = await toDutyShift(tx, row!);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'dutyShift.set',
        entity: 'dutyShift',
        entityId: row!.id,
        regionCode: region.code,
        before: before
          ? {
              ...before,
              startsAt: before.startsAt.toISOString(),
              endsAt: before.endsAt.toISOString(),
            }
          : null,
        after: shift,
      },
      ctx.requestId,
    );
    return shift;
  });
}

export async function listDutyShifts(
  ctx: ServiceContext,
  query: { regionCode: string; from: string; to: string },
): Promise<{ items: DutyShift[] }> {
  const region = await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode, [
    'county',
    'township',
  ]);
  const rows = await ctx.db
    .select()
    .from(schema.dutyShift)
    .where(
      and(
        eq(schema.dutyShift.regionCode, region.code),
        between(schema.dutyShift.dutyDate, query.from, query.to),
      ),
    )
    .orderBy(schema.dutyShift.dutyDate);
  return { items: await Promise.all(rows.map((row) => toDutyShift(ctx.db, row))) };
}

/** Whom to call when no shift covers the time: the office director, then the leader in charge. */
const fallbackKinds: readonly PostKind[] = ['officeDirector', 'leaderInCharge'];

/**
 * Who is on duty for a region at a time. A village (or anything inside a township) is answered
 * by its township's roster; a county by its own. Needs no caller: other modules use it to pick
 * escalation targets.
 */
export async function findOnDuty(db: Executor, regionCode: string, at: Date): Promise<OnDuty> {
  const rosterCode =
    regionCode.slice(6, 9) === '000'
      ? `${regionCode.slice(0, 6)}000000`
      : `${regionCode.slice(0, 9)}000`;
  const profile = await findProfileRow(db, rosterCode);
  if (!profile) {
    throw notFound('region');
  }
  const [row] = await db
    .select()
    .from(schema.dutyShift)
    .where(
      and(
        eq(schema.dutyShift.regionCode, rosterCode),
        lte(schema.dutyShift.startsAt, at),
        gt(schema.dutyShift.endsAt, at),
      ),
    )
    .orderBy(desc(schema.dutyShift.startsAt))
    .limit(1);
  const holders = await listPostHolders(db, [rosterCode], fallbackKinds);
  holders.sort((a, b) => fallbackKinds.indexOf(a.kind) - fallbackKinds.indexOf(b.kind));
  return {
    regionCode: rosterCode,
    regionName: profile.name,
    at: at.toISOString(),
    dutyPhone: profile.dutyPhone,
    shift: row ? await toDutyShift(db, row) : null,
    fallback: holders.map((holder) => ({
      personId: holder.personId,
      name: holder.name,
      mobile: holder.mobile,
      postKind: holder.kind,
    })),
  };
}

export async function getOnDuty(
  ctx: ServiceContext,
  query: { regionCode: string; at?: string | undefined },
) {
  const region = await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode, [
    'county',
    'township',
    'village',
  ]);
  return findOnDuty(ctx.db, region.code, query.at ? new Date(query.at) : new Date());
}
