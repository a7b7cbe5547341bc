/**
 * Ledger counts (台账统计): units, hazard sources and risk points counted by area, kind, sector,
 * level or category — the "by area, by type, by sector" ledgers of seed 002.
 */
import { regionPrefixLength, type LedgerSummary } from '@lastmile/shared';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { AppError } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { resolveRegion } from '../org';
import {
  childLevel,
  hazardSourceFilterCondition,
  listChildRegions,
  unitFilterCondition,
} from '../units';
import { riskPointFilterCondition } from './risks.service';

type SummaryLedger = 'units' | 'hazardSources' | 'riskPoints';
type Grouping = 'area' | 'kind' | 'sector' | 'level' | 'category';

/** For each ledger: its table, its region column and the column of each grouping it has. */
const ledgerShapes: Record<
  SummaryLedger,
  { from: SQL; region: SQL; groups: Partial<Record<Exclude<Grouping, 'area'>, SQL>> }
> = {
  units: {
    from: sql`unit u`,
    region: sql`u.region_code`,
    groups: {
      kind: sql`u.category`,
      category: sql`u.category`,
      sector: sql`u.sector`,
      level: sql`u.status`,
    },
  },
  hazardSources: {
    from: sql`hazard_source h left join unit u on u.id = h.unit_id`,
    region: sql`h.region_code`,
    groups: {
      kind: sql`h.kind`,
      level: sql`case when h.major then 'major' else 'general' end`,
      sector: sql`u.sector`,
      category: sql`u.category`,
    },
  },
  riskPoints: {
    from: sql`risk_point rp`,
    region: sql`rp.region_code`,
    groups: { kind: sql`rp.kind`, level: sql`rp.level` },
  },
};

export async function summariseLedger(
  ctx: ServiceContext,
  query: { ledger: SummaryLedger; groupBy: Grouping; regionCode?: string | undefined },
): Promise<LedgerSummary> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    query.regionCode ?? ctx.actor.scope.regionCode,
  );
  const shape = ledgerShapes[query.ledger];
  const filters = { regionCode: region.code };
  const condition =
    query.ledger === 'units'
      ? await unitFilterCondition(ctx, filters)
      : query.ledger === 'hazardSources'
        ? await hazardSourceFilterCondition(ctx, filters)
        : await riskPointFilterCondition(ctx, filters);
  let key: SQL;
  if (query.groupBy === 'area') {
    const length = regionPrefixLength[childLevel[region.level]];
    key = sql`rpad(left(${shape.region}, ${length}), 12, '0')`;
  } else {
    const column = shape.groups[query.groupBy];
    if (!column) {
      throw new AppError('VALIDATION_FAILED', 400, {
        groupBy: `${query.ledger} cannot be grouped by ${query.groupBy}`,
      });
    }
    key = column;
  }
  const rows = await queryRows<{ key: string | null; count: number }>(
    ctx.db,
    sql`select ${key} as key, count(*)::int as count from ${shape.from} where ${condition}
        group by 1 order by 2 desc, 1`,
  );
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  if (query.groupBy !== 'area') {
    return {
      total,
      groups: rows.map((row) => ({ key: row.key ?? '', name: null, count: row.count })),
    };
  }
  const counts = new Map(rows.map((row) => [row.key, row.count]));
  const children =
    region.level === 'village' ? [region] : await listChildRegions(ctx.db, region.code);
  return {
    total,
    groups: children.map((child) => ({
      key: child.code,
      name: child.name,
      count: counts.get(child.code) ?? 0,
    })),
  };
}
