/**
 * The county's expert pool (专家库, seed 001). Experts belong to a county: everyone in the county,
 * townships included, may look them up; county staff keep the list.
 */
import { and, asc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import {
  expertEditorRoles,
  type CreateExpertBody,
  type Expert,
  type ExpertAvailability,
  type UpdateExpertBody,
} from '@lastmile/shared';
import * as schema from '../../db/schema';
import { containsPattern, pickDefined } from '../../db/sql-helpers';
import { AppError, notFound } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import type { Scope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { assertRole } from './org.service';

type ExpertRow = typeof schema.expert.$inferSelect;

function toExpert(row: ExpertRow): Expert {
  return {
    id: row.id,
    countyCode: row.countyCode,
    name: row.name,
    specialty: row.specialty,
    sector: row.sector,
    organisation: row.organisation,
    mobile: row.mobile,
    landline: row.landline,
    availability: row.availability as ExpertAvailability,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The counties whose pools a scope reads: its own county, or every county under a wider scope. */
function visibleCounties(scope: Scope): SQL {
  return scope.prefix.length >= 6
    ? eq(schema.expert.countyCode, scope.prefix.slice(0, 6))
    : like(schema.expert.countyCode, `${scope.prefix}%`);
}

export async function listExperts(
  ctx: ServiceContext,
  query: {
    q?: string | undefined;
    sector?: string | undefined;
    availability?: ExpertAvailability | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: Expert[]; total: number }> {
  const conditions: SQL[] = [visibleCounties(ctx.actor.scope)];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(
        ilike(schema.expert.name, pattern),
        ilike(schema.expert.specialty, pattern),
        ilike(schema.expert.organisation, pattern),
      )!,
    );
  }
  if (query.sector) {
    conditions.push(eq(schema.expert.sector, query.sector));
  }
  if (query.availability) {
    conditions.push(eq(schema.expert.availability, query.availability));
  }
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select()
      .from(schema.expert)
      .where(where)
      .orderBy(asc(schema.expert.sector), asc(schema.expert.name), asc(schema.expert.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(schema.expert)
      .where(where),
  ]);
  return { items: rows.map(toExpert), total: count?.total ?? 0 };
}

/** Only a county-wide (or narrower county) scope names a county to add experts to. */
function countyOf(scope: Scope): string {
  if (scope.prefix.length !== 6) {
    throw new AppError('REGION_LEVEL_INVALID', 400, { reason: 'experts belong to a county' });
  }
  return scope.prefix;
}

function expertValues(body: UpdateExpertBody): Partial<typeof schema.expert.$inferInsert> {
  return pickDefined(body, [
    'name',
    'specialty',
    'sector',
    'organisation',
    'mobile',
    'landline',
    'availability',
    'notes',
  ]);
}

export async function createExpert(ctx: ServiceContext, body: CreateExpertBody): Promise<Expert> {
  assertRole(ctx.actor, expertEditorRoles);
  const countyCode = countyOf(ctx.actor.scope);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.expert)
      .values({ ...body, countyCode })
      .returning();
    const created = toExpert(row!);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'expert.create',
        entity: 'expert',
        entityId: created.id,
        regionCode: `${countyCode}000000`,
        after: created,
      },
      ctx.requestId,
    );
    return created;
  });
}

export async function updateExpert(
  ctx: ServiceContext,
  id: string,
  body: UpdateExpertBody,
): Promise<Expert> {
  assertRole(ctx.actor, expertEditorRoles);
  const [before] = await ctx.db
    .select()
    .from(schema.expert)
    .where(and(eq(schema.expert.id, id), visibleCounties(ctx.actor.scope)));
  if (!before) {
    throw notFound('expert');
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.expert)
      .set({ ...expertValues(body), updatedAt: sql`now()` })
      .where(eq(schema.expert.id, id))
      .returning();
    const updated = toExpert(row!);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'expert.update',
        entity: 'expert',
        entityId: id,
        regionCode: `${updated.countyCode}000000`,
        before: toExpert(before),
        after: updated,
      },
      ctx.requestId,
    );
    return updated;
  });
}
