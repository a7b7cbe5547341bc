/**
 * 街乡吹哨、部门报到: a township (or the county office) summons the county department that
 * supervises the hazard's sector (三管三必须). The department's users must answer within the
 * county's time — accept (and own the rectification), transfer to the right department, or
 * decline with a reason; silence is passed up to the county office by the supervision job.
 */
import { sql } from 'drizzle-orm';
import {
  ancestorCode,
  hazardOfficeRoles,
  type RespondToSummonsBody,
  type Summons,
  type SummonsState,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { AppError, forbidden } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { notify } from '../channels';
import { assertRole } from '../org';
import { effectiveLedgerSettings } from '../units';
import { summonsJson } from './hazards.repository';
import { loadHazardRow } from './hazards.service';
import { effectiveHazardSettings } from './settings.service';

const summonsFrom = sql`summons s join hazard hz on hz.id = s.hazard_id join region sr on sr.code = s.region_code`;
const summonsNotFound = () => new AppError('SUMMONS_NOT_FOUND', 404);

async function findSummons(
  db: Executor,
  id: string,
): Promise<(Summons & { countyCode: string }) | undefined> {
  const [row] = await queryRows<{ summons: Summons; countyCode: string }>(
    db,
    sql`select ${summonsJson('s', 'hz', sql`sr.name`)} as summons, s.county_code as "countyCode" from ${summonsFrom} where s.id = ${id}`,
  );
  return row ? { ...row.summons, countyCode: row.countyCode } : undefined;
}

async function assertKnownDepartment(db: Executor, regionCode: string, department: string) {
  const { sectorDepartments } = await effectiveLedgerSettings(db, regionCode);
  if (!Object.values(sectorDepartments).includes(department)) {
    throw new AppError('DEPARTMENT_UNKNOWN', 422, { department });
  }
}

async function insertSummons(
  tx: Executor,
  ctx: ServiceContext,
  hazard: { id: string; regionCode: string; sector: string; number: string; title: string },
  department: string,
  note: string,
): Promise<string> {
  const settings = await effectiveHazardSettings(tx, hazard.regionCode);
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into summons (hazard_id, region_code, county_code, sector, department, state, note,
          summoned_by_id, summoned_by_name, respond_by)
        values (${hazard.id}, ${hazard.regionCode}, ${countyCodeOf(hazard.regionCode)}, ${hazard.sector},
          ${department}, 'pending', ${note}, ${ctx.actor.id}, ${ctx.actor.displayName},
          now() + make_interval(hours => ${settings.summonsResponseHours}))
        returning id`,
  );
  await notify(tx, [{ department }], {
    kind: 'summons.new',
    title: '吹哨报到',
    body: `${hazard.number} ${hazard.title}：请于 ${settings.summonsResponseHours} 小时内报到`,
    entity: 'hazard',
    entityId: hazard.id,
    regionCode: hazard.regionCode,
  });
  return row!.id;
}

/** 吹哨: summons the supervising department of the hazard's sector (or the one named). */
export async function summonDepartment(
  ctx: ServiceContext,
  hazardId: string,
  body: { department?: string | undefined; note: string },
): Promise<Summons> {
  assertRole(ctx.actor, hazardOfficeRoles);
  const id = await ctx.db.transaction(async (tx) => {
    const hazard = await loadHazardRow(tx, hazardId, ctx.actor.scope, true);
    if (['closed', 'rejected', 'merged'].includes(hazard.state)) {
      throw new AppError('HAZARD_TRANSITION_NOT_ALLOWED', 409, {
        state: hazard.state,
        action: 'summon',
      });
    }
    if (hazard.summons && hazard.summons.state === 'pending') {
      throw new AppError('SUMMONS_PENDING', 409);
    }
    const { sectorDepartments } = await effectiveLedgerSettings(tx, hazard.regionCode);
    const department = body.department ?? sectorDepartments[hazard.sector];
    await assertKnownDepartment(tx, hazard.regionCode, department);
    const summonsId = await insertSummons(tx, ctx, hazard, department, body.note);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'hazard.summon',
        entity: 'hazard',
        entityId: hazard.id,
        regionCode: hazard.regionCode,
        after: { summonsId, department, note: body.note },
      },
      ctx.requestId,
    );
    return summonsId;
  });
  return (await findSummons(ctx.db, id))!;
}

/** 报到: the summoned department accepts, transfers or declines (late answers still count). */
export async function respondToSummons(
  ctx: ServiceContext,
  id: string,
  body: RespondToSummonsBody,
): Promise<Summons> {
  const { actor } = ctx;
  if (actor.role !== 'department') {
    throw forbidden();
  }
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from summons where id = ${id} for update`);
    const summons = await findSummons(tx, id);
    if (
      !summons ||
      summons.department !== actor.department ||
      summons.countyCode !== actor.countyCode
    ) {
      throw summonsNotFound();
    }
    if (summons.state !== 'pending' && summons.state !== 'escalated') {
      throw new AppError('SUMMONS_ALREADY_ANSWERED', 409);
    }
    const state: Record<RespondToSummonsBody['response'], SummonsState> = {
      accept: 'accepted',
      transfer: 'transferred',
      decline: 'declined',
    };
    if (body.response === 'transfer') {
      await assertKnownDepartment(tx, summons.regionCode, body.department!);
    }
    await tx.execute(
      sql`update summons set state = ${state[body.response]}, responded_by_id = ${actor.id},
            responded_by_name = ${actor.displayName}, responded_at = now(), reason = ${body.reason ?? null},
            transferred_to = ${body.response === 'transfer' ? body.department! : null}
          where id = ${id}`,
    );
    const hazard = {
      id: summons.hazardId,
      regionCode: summons.regionCode,
      sector: summons.sector,
      number: summons.hazardNumber,
      title: summons.hazardTitle,
    };
    if (body.response === 'accept') {
      await tx.execute(
        sql`update hazard set owner_department = ${summons.department}, updated_at = now() where id = ${summons.hazardId}`,
      );
    } else if (body.response === 'transfer') {
      await insertSummons(
        tx,
        ctx,
        hazard,
        body.department!,
        `${summons.note}（${actor.department}转办：${body.reason}）`,
      );
    } else {
      await notify(tx, [{ officeRegionCode: ancestorCode(summons.regionCode, 'township') }], {
        kind: 'summons.declined',
        title: '吹哨被退回',
        body: `${summons.department}退回 ${summons.hazardNumber}：${body.reason}`,
        entity: 'hazard',
        entityId: summons.hazardId,
        regionCode: summons.regionCode,
      });
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'hazard.respondSummons',
        entity: 'hazard',
        entityId: summons.hazardId,
        regionCode: summons.regionCode,
        after: {
          summonsId: id,
          department: summons.department,
          response: body.response,
          transferredTo: body.response === 'transfer' ? body.department : null,
          note: body.reason ?? null,
        },
      },
      ctx.requestId,
    );
  });
  return (await findSummons(ctx.db, id))!;
}

/** Department users see what is addressed to their department; others, summons in scope. */
export async function listSummons(
  ctx: ServiceContext,
  query: { state?: SummonsState[] | undefined; limit: number; offset: number },
): Promise<{ items: Summons[]; total: number }> {
  const { actor } = ctx;
  const where =
    actor.role === 'department'
      ? sql`s.county_code = ${actor.countyCode} and s.department = ${actor.department ?? ''} and s.region_code like ${`${actor.scope.prefix}%`}`
      : sql`s.region_code like ${`${actor.scope.prefix}%`}`;
  const condition = query.state
    ? sql`${where} and s.state in (${sql.join(
        query.state.map((state) => sql`${state}`),
        sql`, `,
      )})`
    : where;
  const [rows, [count]] = await Promise.all([
    queryRows<{ summons: Summons }>(
      ctx.db,
      sql`select ${summonsJson('s', 'hz', sql`sr.name`)} as summons from ${summonsFrom} where ${condition}
          order by s.summoned_at desc, s.id limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(
      ctx.db,
      sql`select count(*)::int as total from summons s where ${condition}`,
    ),
  ]);
  return { items: rows.map((row) => row.summons), total: count?.total ?? 0 };
}
