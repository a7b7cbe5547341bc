/**
 * 巡查记录: the patrols grid workers sent from the field, for the office to read — who went where
 * and when (by the phone's clock), which risk points they checked in at, and what they found.
 */
import { sql } from 'drizzle-orm';
import type { ListPatrolsQuery, Patrol } from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import type { ServiceContext } from '../../plugins/auth';
import { withinScope } from '../../plugins/scope';
import { resolveRegion, subtreePrefix } from '../org';

/**
 * The hazards a patrol `p` found: those a check-in names, and those reported with the patrol's id
 * (a report made during a round, with no check-in of its own).
 */
export const patrolHazardIds = sql`
  select c.hazard_id from patrol_check_in c where c.patrol_id = p.id and c.hazard_id is not null
  union
  select s.entity_id from sync_command s
  where s.user_id = p.user_id and s.kind = 'hazard.report' and s.outcome = 'applied'
    and s.payload ->> 'patrolId' = p.id::text`;

export async function listPatrols(
  { db, actor }: ServiceContext,
  query: ListPatrolsQuery,
): Promise<{ items: Patrol[]; total: number }> {
  const prefix = query.regionCode
    ? subtreePrefix(await resolveRegion(db, actor.scope, query.regionCode))
    : null;
  const where = sql.join(
    [
      withinScope(sql`p.region_code`, actor.scope),
      prefix ? sql`p.region_code like ${`${prefix}%`}` : sql`true`,
      query.gridId ? sql`p.grid_id = ${query.gridId}` : sql`true`,
      query.from
        ? sql`p.created_at >= (${query.from}::date::timestamp at time zone 'Asia/Shanghai')`
        : sql`true`,
      query.to
        ? sql`p.created_at < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`
        : sql`true`,
    ],
    sql` and `,
  );
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from patrol p where ${where}`,
  );
  const items = await queryRows<Patrol>(
    db,
    sql`select p.id, p.grid_id as "gridId", g.name as "gridName", p.region_code as "regionCode",
          r.name as "regionName", p.worker_name as "workerName",
          ${isoTimestamp(sql`p.started_at`)} as "startedAt",
          ${isoTimestamp(sql`p.finished_at`)} as "finishedAt", p.result, p.note,
          p.finish_note as "finishNote", ${isoTimestamp(sql`p.created_at`)} as "receivedAt",
          coalesce((select json_agg(json_build_object(
              'id', c.id, 'riskPointId', c.risk_point_id, 'riskPointName', rp.name,
              'location', case when c.lon is null then null
                               else json_build_object('lon', c.lon, 'lat', c.lat) end,
              'accuracyM', c.accuracy_m, 'result', c.result, 'hazardId', c.hazard_id,
              'note', c.note, 'at', ${isoTimestamp(sql`c.at`)}) order by c.at)
            from patrol_check_in c left join risk_point rp on rp.id = c.risk_point_id
            where c.patrol_id = p.id), '[]'::json) as "checkIns",
          coalesce((select json_agg(json_build_object('id', h.id, 'number', h.number, 'title', h.title)
              order by h.created_at)
            from hazard h where h.id in (${patrolHazardIds})),
            '[]'::json) as hazards
        from patrol p join grid g on g.id = p.grid_id join region r on r.code = p.region_code
        where ${where}
        order by p.created_at desc
        limit ${query.limit} offset ${query.offset}`,
  );
  return { items, total: count?.total ?? 0 };
}
