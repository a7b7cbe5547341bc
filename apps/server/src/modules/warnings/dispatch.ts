/**
 * Sending a warning (叫应 fan-out): pick the county's call plan for the warning's kind and level,
 * then write one recipient row per person holding a called post in the targets, in one
 * INSERT … SELECT. Each row is its own durable timer (`next_at`), so the escalation job takes it
 * from there and a restart loses nothing.
 */
import { sql } from 'drizzle-orm';
import {
  callPlanSteps,
  defaultCallPlanSteps,
  warningLevels,
  type CallPlan,
  type CallPlanStep,
  type WarningLevel,
  type WarningTargetsInput,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { isoTimestamp, pgArray } from '../../db/sql-helpers';
import { codePrefix } from './areas';

/** Red and orange upper warnings are called at once unless the county's plan says otherwise. */
export function defaultAutoDispatch(level: WarningLevel | null): boolean {
  return level === 'red' || level === 'orange';
}

interface CallPlanRow {
  id: string;
  level: WarningLevel;
  eventType: string;
  autoDispatch: boolean;
  steps: unknown;
  updatedAt: string;
}

/** Every plan a county has stored, plus the built-in one for each level it has not. */
export async function listCountyCallPlans(db: Executor, countyCode: string): Promise<CallPlan[]> {
  const rows = await queryRows<CallPlanRow>(
    db,
    sql`select id, level, event_type as "eventType", auto_dispatch as "autoDispatch", steps,
               ${isoTimestamp(sql`updated_at`)} as "updatedAt"
        from call_plan where county_code = ${countyCode}`,
  );
  const stored = rows.map((row) => ({ ...row, steps: callPlanSteps.parse(row.steps) }));
  const builtIn = warningLevels
    .filter((level) => !stored.some((plan) => plan.level === level && plan.eventType === '*'))
    .map((level) => ({
      id: null,
      level,
      eventType: '*',
      autoDispatch: defaultAutoDispatch(level),
      steps: defaultCallPlanSteps,
      updatedAt: null,
    }));
  // Most severe level first; in a level, the plan for any kind, then the kinds by code.
  return [...stored, ...builtIn].sort(
    (a, b) =>
      warningLevels.indexOf(a.level) - warningLevels.indexOf(b.level) ||
      Number(a.eventType !== '*') - Number(b.eventType !== '*') ||
      a.eventType.localeCompare(b.eventType),
  );
}

/** The plan for a warning: its exact kind at its level, else any kind at its level, else built in. */
export async function chooseCallPlan(
  db: Executor,
  countyCode: string,
  level: WarningLevel | null,
  eventType: string | null,
): Promise<{ steps: CallPlanStep[]; autoDispatch: boolean }> {
  if (!level) {
    return { steps: defaultCallPlanSteps, autoDispatch: false };
  }
  const [row] = await queryRows<{ steps: unknown; autoDispatch: boolean }>(
    db,
    sql`select steps, auto_dispatch as "autoDispatch" from call_plan
        where county_code = ${countyCode} and level = ${level} and event_type in (${eventType ?? '*'}, '*')
        order by event_type = '*' limit 1`,
  );
  return row
    ? { steps: callPlanSteps.parse(row.steps), autoDispatch: row.autoDispatch }
    : { steps: defaultCallPlanSteps, autoDispatch: defaultAutoDispatch(level) };
}

export interface FanOut {
  warningId: string;
  countyCode: string;
  /** The county's 12-digit code: county posts are called only on the county's own warnings. */
  countyRegionCode: string | null;
  targets: WarningTargetsInput;
  steps: CallPlanStep[];
  now: Date;
}

/**
 * Writes the recipients of a warning: people holding a step's posts in the targets' townships,
 * villages and grids. A person with several posts is called once, in their earliest step.
 * Returns how many were written. A warning is sent once (its `dispatched_at` guards that), so the
 * insert needs no ON CONFLICT, which would cost a fifth of the fan-out's time.
 */
export async function fanOut(tx: Executor, plan: FanOut): Promise<number> {
  const prefixes = plan.targets.regionCodes.map(codePrefix);
  const stepOf: number[] = [];
  const kindOf: string[] = [];
  const startOf: string[] = [];
  plan.steps.forEach((step, index) => {
    for (const kind of step.postKinds) {
      stepOf.push(index);
      kindOf.push(kind);
      startOf.push(new Date(plan.now.getTime() + step.startAfterSeconds * 1000).toISOString());
    }
  });
  const now = plan.now.toISOString();
  const county = plan.countyCode;
  const rows = await queryRows<{ count: number }>(
    tx,
    sql`with prefixes(p) as (select unnest(${pgArray(prefixes)}::text[])),
        g as (
          select gr.id, gr.region_code from grid gr
          where gr.county_code = ${county}
            and (gr.id = any(${pgArray(plan.targets.gridIds)}::uuid[])
                 or exists (select 1 from prefixes where gr.region_code like p || '%'))),
        v as (
          select r.code from region r
          where r.level = 'village' and r.code like ${`${county}%`}
            and exists (select 1 from prefixes where r.code like p || '%')
          union select region_code from g),
        t as (
          select r.code from region r
          where r.level = 'township' and r.code like ${`${county}%`}
            and (exists (select 1 from prefixes where r.code like p || '%')
                 or exists (select 1 from v where v.code like left(r.code, 9) || '%'))),
        steps(step, kind, starts_at) as (
          select * from unnest(${pgArray(stepOf)}::int[], ${pgArray(kindOf)}::text[], ${pgArray(startOf)}::timestamptz[])),
        called as (
          select distinct on (po.person_id) po.person_id, s.step, po.kind, po.region_code, po.grid_id, s.starts_at
          from post po join steps s on s.kind = po.kind
          where po.county_code = ${county}
            and (po.grid_id in (select id from g)
                 or (po.grid_id is null and (po.region_code in (select code from v)
                                             or po.region_code in (select code from t)
                                             or po.region_code = ${plan.countyRegionCode ?? ''})))
          order by po.person_id, s.step, po.kind),
        inserted as (
          insert into warning_ack (warning_id, county_code, person_id, step, post_kind, region_code,
              township_code, village_code, grid_id, name, mobile, state, starts_at, next_at)
          select ${plan.warningId}, ${county}, c.person_id, c.step, c.kind, c.region_code,
                 case when substr(c.region_code, 7, 3) = '000' then c.region_code
                      else left(c.region_code, 9) || '000' end,
                 case when right(c.region_code, 3) <> '000' then c.region_code end,
                 c.grid_id, p.name, p.mobile,
                 case when c.starts_at <= ${now}::timestamptz then 'calling' else 'waiting' end,
                 c.starts_at, c.starts_at
          from called c join person p on p.id = c.person_id
          returning 1)
        select count(*)::int as count from inserted`,
  );
  return rows[0]?.count ?? 0;
}
