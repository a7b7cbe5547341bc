/**
 * Households (户) of a grid: the checklist a door-to-door task (敲门入户) walks. Kept by the
 * grid's own worker or the office; the vulnerable ones (重点人群) are visited first.
 */
import { sql } from 'drizzle-orm';
import {
  householdEditorRoles,
  type CreateHouseholdBody,
  type Household,
  type UpdateHouseholdBody,
} from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, withinScope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { assertRole, loadGrid } from '../org';

export const householdColumns = sql`id, grid_id as "gridId", label, head_name as "headName", phone, members,
  vulnerable, note, ${isoTimestamp(sql`updated_at`)} as "updatedAt"`;

export async function listHouseholds(
  { db, actor }: ServiceContext,
  gridId: string,
): Promise<{ items: Household[]; total: number }> {
  await loadGrid(db, gridId, actor.scope);
  const items = await queryRows<Household>(
    db,
    sql`select ${householdColumns} from household where grid_id = ${gridId} order by label`,
  );
  return { items, total: items.length };
}

export async function createHousehold(
  ctx: ServiceContext,
  body: CreateHouseholdBody,
): Promise<Household> {
  const { actor } = ctx;
  assertRole(actor, householdEditorRoles);
  const grid = await loadGrid(ctx.db, body.gridId, actor.scope);
  return ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<Household>(
      tx,
      sql`insert into household (grid_id, region_code, county_code, label, head_name, phone, members,
            vulnerable, note)
          values (${grid.id}, ${grid.regionCode}, ${countyCodeOf(grid.regionCode)}, ${body.label},
            ${body.headName}, ${body.phone ?? null}, ${body.members ?? null}, ${body.vulnerable},
            ${body.note ?? null})
          on conflict (grid_id, label) do nothing
          returning ${householdColumns}`,
    );
    if (!row) {
      throw new AppError('HOUSEHOLD_LABEL_TAKEN', 409);
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'household.create',
        entity: 'household',
        entityId: row.id,
        regionCode: grid.regionCode,
        after: { ...body },
      },
      ctx.requestId,
    );
    return row;
  });
}

/** Changes a household's details (the grid stays); its label stays unique in the grid. */
export async function updateHousehold(
  ctx: ServiceContext,
  id: string,
  body: UpdateHouseholdBody,
): Promise<Household> {
  const { actor } = ctx;
  assertRole(actor, householdEditorRoles);
  return ctx.db.transaction(async (tx) => {
    const [before] = await queryRows<Household & { regionCode: string }>(
      tx,
      sql`select ${householdColumns}, region_code as "regionCode" from household
          where id = ${id} and ${withinScope(sql`region_code`, actor.scope)} for update`,
    );
    if (!before) {
      throw new AppError('HOUSEHOLD_NOT_FOUND', 404);
    }
    const set = (column: string, value: unknown) =>
      value === undefined ? sql`` : sql`, ${sql.identifier(column)} = ${value}`;
    const rows = await queryRows<Household>(
      tx,
      sql`update household set updated_at = now()
            ${set('label', body.label)} ${set('head_name', body.headName)} ${set('phone', body.phone)}
            ${set('members', body.members)} ${set('vulnerable', body.vulnerable)} ${set('note', body.note)}
          where id = ${id}
            and not exists (select 1 from household o where o.grid_id = household.grid_id
                            and o.id <> household.id and o.label = ${body.label ?? before.label})
          returning ${householdColumns}`,
    );
    if (!rows[0]) {
      throw new AppError('HOUSEHOLD_LABEL_TAKEN', 409);
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'household.update',
        entity: 'household',
        entityId: id,
        regionCode: before.regionCode,
        before: { ...before },
        after: { ...body },
      },
      ctx.requestId,
    );
    return rows[0];
  });
}
