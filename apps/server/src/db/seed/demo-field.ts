/**
 * Demo households (户) for the field app's door-to-door checklist: every grid of the demo village
 * gets its households, as many as the grid counts (up to 60), with invented heads, a phone for
 * most, and about one in seven marked as needing help to move (重点人群).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../client';
import { queryRows } from '../client';
import { generator, personName } from './random';

const maxPerGrid = 60;

export async function seedDemoHouseholds(tx: Tx, countyCode: string, villageCode: string) {
  const random = generator(Number(villageCode.slice(-6)));
  const grids = await queryRows<{ id: string; name: string; households: number | null }>(
    tx,
    sql`select id, name, households from grid where region_code = ${villageCode} order by name`,
  );
  for (const grid of grids) {
    const count = Math.min(grid.households ?? 20, maxPerGrid);
    const rows = Array.from({ length: count }, (_, index) => {
      const vulnerable = random.chance(0.15);
      return sql`(${grid.id}, ${villageCode}, ${countyCode}, ${`${grid.name}${index + 1}号`},
        ${personName(random)}, ${random.chance(0.85) ? `13${random.int(100000000, 999999999)}` : null},
        ${random.int(1, 6)}, ${vulnerable}, ${vulnerable ? random.pick(['独居老人', '行动不便', '留守儿童', '孕妇']) : null})`;
    });
    if (rows.length > 0) {
      await tx.execute(
        sql`insert into household (grid_id, region_code, county_code, label, head_name, phone, members, vulnerable, note)
            values ${sql.join(rows, sql`, `)}`,
      );
    }
  }
}
