/**
 * What a field phone keeps for a day with no signal (syncPull): its grids and their households,
 * risk points, units, open hazards and the hazards in the worker's hands, the warnings calling
 * them, door-to-door tasks, their recent patrols and their duty cards. The worker's grids are the
 * ones they hold a post in; a user with none (village or township staff) gets the grids of their
 * region. Households, risk points, units and hazards come whole on a first pull and afterwards as
 * the rows changed since the cursor, re-reading a minute before it so a row committed just as the
 * last pull read is not missed. The rest is small and comes whole every time. A call that reaches
 * the phone this way counts as reached on the 叫应看板, like a delivered SMS.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  fieldRoles,
  postKindNames,
  type FieldContact,
  type FieldDoorToDoorTask,
  type FieldGrid,
  type FieldHazard,
  type FieldPatrol,
  type FieldRiskPoint,
  type FieldUnit,
  type FieldWarning,
  type Household,
  type SyncPullResponse,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { isoTimestamp, pgArray } from '../../db/sql-helpers';
import type { ServiceContext } from '../../plugins/auth';
import { withinScope } from '../../plugins/scope';
import { overdueSql } from '../hazards';
import { assertRole, getDutyCards } from '../org';
import { warningEvents } from '../warnings';
import { householdColumns } from './households.service';
import { patrolHazardIds } from './patrols.service';

/** How far before the cursor a delta pull re-reads. */
const overlapMs = 60_000;
/** Hazards no longer open that a worker found stay on the phone this long, as a receipt. */
const finalStates = sql`('closed', 'rejected', 'merged')`;

/** A cursor is the server time the pull began, as ISO text; anything else means a full pull. */
function since(cursor: string | undefined): Date | null {
  if (!cursor) {
    return null;
  }
  const time = Date.parse(cursor);
  return Number.isNaN(time) ? null : new Date(time - overlapMs);
}

const changedSince = (column: SQL, from: Date | null) =>
  from ? sql`and ${column} >= ${from.toISOString()}` : sql``;

async function fieldGrids(db: Executor, ctx: ServiceContext): Promise<FieldGrid[]> {
  const { actor } = ctx;
  const columns = sql`g.id, g.name, g.region_code as "regionCode", v.name as "regionName",
    t.name as "townshipName", g.households, g.residents,
    case when g.centre_lon is null then null
         else json_build_object('lon', g.centre_lon, 'lat', g.centre_lat) end as centre`;
  const from = sql`from grid g join region v on v.code = g.region_code
    join region t on t.code = substr(g.region_code, 1, 9) || '000'`;
  const mine = actor.personId
    ? await queryRows<FieldGrid>(
        db,
        sql`select ${columns}, true as mine ${from}
            where g.id in (select grid_id from post where person_id = ${actor.personId} and grid_id is not null)
              and ${withinScope(sql`g.region_code`, actor.scope)}
            order by g.region_code, g.name`,
      )
    : [];
  if (mine.length > 0) {
    return mine;
  }
  return queryRows<FieldGrid>(
    db,
    sql`select ${columns}, false as mine ${from}
        where ${withinScope(sql`g.region_code`, actor.scope)}
        order by g.region_code, g.name limit 500`,
  );
}

const uuidArray = (ids: string[]) => sql`${pgArray(ids)}::uuid[]`;
const textArray = (values: string[]) => sql`${pgArray(values)}::text[]`;

export async function pullFieldData(
  ctx: ServiceContext,
  cursor: string | undefined,
  offlineDays: number,
): Promise<SyncPullResponse> {
  const { db, actor } = ctx;
  assertRole(actor, fieldRoles);
  const startedAt = new Date();
  const from = since(cursor);
  const grids = await fieldGrids(db, ctx);
  const gridIds = uuidArray(grids.map((grid) => grid.id));
  const villages = textArray([...new Set(grids.map((grid) => grid.regionCode))]);
  const recent = sql`now() - make_interval(days => ${offlineDays})`;
  const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';

  const households = await queryRows<Household>(
    db,
    sql`select ${householdColumns} from household where grid_id = any(${gridIds}) ${changedSince(sql`updated_at`, from)}
        order by grid_id, label`,
  );
  // Points of the grids, and the village's points that no grid holds.
  const riskPoints = await queryRows<FieldRiskPoint>(
    db,
    sql`select id, name, kind, level, grid_id as "gridId", region_code as "regionCode",
          json_build_object('lon', lon, 'lat', lat) as location,
          threatened_households as "threatenedHouseholds", threatened_people as "threatenedPeople",
          control_measures as "controlMeasures", status = 'active' as active,
          ${isoTimestamp(sql`updated_at`)} as "updatedAt"
        from risk_point
        where region_code = any(${villages})
          and (grid_id = any(${gridIds}) or grid_id is null)
          ${changedSince(sql`updated_at`, from)}
        order by name`,
  );
  const units = await queryRows<FieldUnit>(
    db,
    sql`select id, name, sector, region_code as "regionCode", address,
          case when lon is null then null else json_build_object('lon', lon, 'lat', lat) end as location,
          safety_contact as "safetyContact", safety_contact_phone as "safetyContactPhone",
          status = 'operating' as operating, ${isoTimestamp(sql`updated_at`)} as "updatedAt"
        from unit where region_code = any(${villages}) ${changedSince(sql`updated_at`, from)}
        order by name`,
  );
  // Open hazards of the grids' villages, and any hazard in the worker's hands.
  const hazards = await queryRows<FieldHazard>(
    db,
    sql`select id, number, title, kind, grade, state, region_code as "regionCode",
          grid_id as "gridId", risk_point_id as "riskPointId", unit_id as "unitId",
          case when lon is null then null else json_build_object('lon', lon, 'lat', lat) end as location,
          address, finder_name as "finderName", deadline::text as deadline,
          ${overdueSql('hazard')} as overdue,
          case when responsible_person_id = ${me}::uuid and state in ('assigned', 'rectifying') then 'responsible'
               when accepter_person_id = ${me}::uuid and state = 'submitted' then 'accepter'
               when finder_id = ${actor.id}::uuid then 'finder' end as "myRole",
          ${isoTimestamp(sql`created_at`)} as "createdAt", ${isoTimestamp(sql`updated_at`)} as "updatedAt"
        from hazard
        where ${withinScope(sql`region_code`, actor.scope)}
          and ((region_code = any(${villages}) and state not in ${finalStates})
            or (responsible_person_id = ${me}::uuid and state not in ${finalStates})
            or (accepter_person_id = ${me}::uuid and state not in ${finalStates})
            or (finder_id = ${actor.id}::uuid and created_at > ${recent}))
          ${changedSince(sql`updated_at`, from)}
        order by created_at desc
        limit 2000`,
  );
  const warnings = await queryRows<FieldWarning>(
    db,
    sql`select w.id, w.state, w.level, w.event, w.headline,
          w.parsed #>> '{infos,0,description}' as description,
          concat_ws(E'\n', w.parsed #>> '{infos,0,instruction}', w.local_instructions) as instruction,
          w.parsed #>> '{infos,0,senderName}' as "senderName",
          ${isoTimestamp(sql`w.sent`)} as sent, ${isoTimestamp(sql`w.expires`)} as expires,
          w.short_code as "shortCode",
          case when r.id is null then null else json_build_object(
            'ackId', r.id, 'state', r.state,
            'answeredAt', ${isoTimestamp(sql`r.answered_at`)},
            'actionsReportedAt', ${isoTimestamp(sql`r.actions_at`)},
            'householdsTold', r.households_told, 'peopleMoved', r.people_moved) end as call
        from warning w
        left join warning_ack r on r.warning_id = w.id and r.person_id = ${me}::uuid
        where w.created_at > ${recent}
          and (r.id is not null
            or exists (select 1 from warning_task t where t.warning_id = w.id and t.grid_id = any(${gridIds})))
        order by w.sent desc
        limit 100`,
  );
  // The calls are on the phone now: the in-app notice has reached its person (叫应看板 "reached").
  const unreached = warnings.filter((w) => w.call && w.call.state !== 'answered').map((w) => w.id);
  if (unreached.length > 0) {
    const reached = await queryRows<{ warningId: string }>(
      db,
      sql`update warning_ack set reached_at = now()
          where warning_id = any(${uuidArray(unreached)}) and person_id = ${me}::uuid
            and reached_at is null
          returning warning_id as "warningId"`,
    );
    reached.forEach((row) => warningEvents.changed(row.warningId));
  }
  const tasks = await queryRows<FieldDoorToDoorTask>(
    db,
    sql`select t.id, t.warning_id as "warningId", w.headline as "warningHeadline",
          t.grid_id as "gridId", t.state, ${isoTimestamp(sql`t.created_at`)} as "createdAt",
          ${isoTimestamp(sql`t.done_at`)} as "doneAt",
          coalesce((select json_agg(json_build_object('householdId', v.household_id,
                      'result', v.result, 'at', ${isoTimestamp(sql`v.at`)}) order by v.at)
                    from door_to_door_visit v where v.task_id = t.id), '[]'::json) as visits
        from warning_task t join warning w on w.id = t.warning_id
        where t.grid_id = any(${gridIds}) and (t.state = 'open' or t.created_at > ${recent})
        order by t.created_at desc`,
  );
  const patrols = await queryRows<FieldPatrol>(
    db,
    sql`select p.id, p.grid_id as "gridId", ${isoTimestamp(sql`p.started_at`)} as "startedAt",
          ${isoTimestamp(sql`p.finished_at`)} as "finishedAt", p.result,
          (select count(*)::int from patrol_check_in c where c.patrol_id = p.id) as "checkIns",
          (select count(*)::int from (${patrolHazardIds}) x) as hazards
        from patrol p
        where p.user_id = ${actor.id} and p.created_at > ${recent}
        order by p.created_at desc`,
  );
  const dutyCards = actor.personId ? (await getDutyCards(ctx, actor.personId)).items : [];
  const contacts = new Map<string, FieldContact>();
  for (const card of dutyCards) {
    for (const contact of [...card.upperContacts, ...card.lowerContacts]) {
      const role = contact.role === 'dutyPhone' ? '应急值班电话' : postKindNames[contact.role];
      contacts.set(`${contact.phone}|${role}`, { name: contact.name, role, phone: contact.phone });
    }
  }
  return {
    cursor: startedAt.toISOString(),
    full: from === null,
    serverTime: new Date().toISOString(),
    offlineDays,
    me: {
      userId: actor.id,
      personId: actor.personId,
      displayName: actor.displayName,
      role: actor.role,
      regionCode: actor.scope.regionCode,
      regionName: actor.scopeRegionName,
    },
    grids,
    households,
    riskPoints,
    units,
    hazards,
    warnings,
    tasks,
    patrols,
    contacts: [...contacts.values()],
    dutyCards,
  };
}
