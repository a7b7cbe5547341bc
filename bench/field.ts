/**
 * The field app (issue 7, P7), on 随县's real regions:
 * - **Sync of 1,000 queued commands** (goal < 10 s on PostgreSQL): a phone's outbox after days
 *   offline — 50 patrols (start, 8 check-ins, finish), 200 hazard reports, 250 door-to-door visits,
 *   25 warnings answered with actions — pushed through `pushCommands` in pushes of 200, each
 *   command in its own transaction, as `syncPush` does. Floor: 1,000 raw transactions that each
 *   insert the command's `sync_command` row and one audit row, the least an idempotent, audited
 *   apply can write. Then the same outbox again (all duplicates).
 * - **First load** (goal ≤ 300 KB gzipped JavaScript): the field app's built entry and what it
 *   loads at once, gzipped (`apps/field/scripts/bundle-size.mjs`; builds the app if needed).
 * Saving a report offline (< 100 ms) is timed in the browser by `e2e/field.test.ts`.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FieldCommand, Role } from '@lastmile/shared';
import { queryRows, type Database, type Db } from '../apps/server/src/db/client';
import { importRegions } from '../apps/server/src/modules/regions';
import { pushCommands } from '../apps/server/src/modules/sync/sync.service';
import type { ServiceContext } from '../apps/server/src/plugins/auth';
import { round, since } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const county = '421321';
const village = '421321101200';
const perPush = 200;

interface World {
  ctx: ServiceContext;
  gridId: string;
  riskPointId: string;
  households: string[];
  taskId: string;
  warnings: string[];
}

async function setUp(db: Db): Promise<World> {
  const [grid] = await queryRows<{ id: string }>(
    db,
    sql`insert into grid (region_code, county_code, name, kind, households)
        values (${village}, ${county}, '基准网格', 'villagerGroup', 60) returning id`,
  );
  const userId = randomUUID();
  await db.execute(
    sql`insert into app_user (id, username, password_hash, display_name, role, scope_region_code, scope_prefix, county_code)
        values (${userId}, 'bench.field', 'x', '基准网格员', 'grid_worker', ${village}, ${village}, ${county})`,
  );
  const [person] = await queryRows<{ id: string }>(
    db,
    sql`insert into person (region_code, county_code, name, mobile, user_id)
        values (${village}, ${county}, '基准网格员', '13900009999', ${userId}) returning id`,
  );
  await db.execute(
    sql`insert into post (person_id, kind, region_code, county_code, grid_id)
        values (${person!.id}, 'gridWorker', ${village}, ${county}, ${grid!.id})`,
  );
  const [point] = await queryRows<{ id: string }>(
    db,
    sql`insert into risk_point (region_code, county_code, grid_id, name, kind, level, lon, lat)
        values (${village}, ${county}, ${grid!.id}, '基准滑坡点', 'landslide', 'high', 113.3, 31.8) returning id`,
  );
  const households = await queryRows<{ id: string }>(
    db,
    sql`insert into household (grid_id, region_code, county_code, label, head_name)
        select ${grid!.id}, ${village}, ${county}, '基准' || i || '号', '户主' || i
        from generate_series(1, 60) i returning id`,
  );
  // Twenty-six warnings calling this worker; the first also has a door-to-door task.
  const warnings = await queryRows<{ id: string }>(
    db,
    sql`insert into warning (county_code, region_code, origin, format, identifier, sender, sent, status,
          msg_type, event, level, parsed, short_code, call_plan)
        select ${county}, ${village}, 'issued', 'cap12', 'bench-' || i || '-' || ${randomUUID()}, 'bench',
          now(), 'Actual', 'Alert', '暴雨', 'red', '{}'::jsonb, lpad(i::text, 4, '0'), '[]'::jsonb
        from generate_series(1, 26) i returning id`,
  );
  await db.execute(
    sql`insert into warning_ack (warning_id, county_code, person_id, step, post_kind, region_code,
          township_code, village_code, grid_id, name, mobile, state, starts_at)
        select w.id, ${county}, ${person!.id}, 0, 'gridWorker', ${village}, '421321101000', ${village},
          ${grid!.id}, '基准网格员', '13900009999', 'calling', now()
        from warning w where w.id = any(${`{${warnings.map((w) => w.id).join(',')}}`}::uuid[])`,
  );
  const [task] = await queryRows<{ id: string }>(
    db,
    sql`insert into warning_task (warning_id, county_code, grid_id, village_code)
        values (${warnings[0]!.id}, ${county}, ${grid!.id}, ${village}) returning id`,
  );
  const role: Role = 'grid_worker';
  return {
    ctx: {
      db,
      actor: {
        id: userId,
        username: 'bench.field',
        displayName: '基准网格员',
        role,
        scope: { regionCode: village, prefix: village },
        scopeRegionName: '基准村',
        countyCode: county,
        department: null,
        personId: person!.id,
        csrfToken: '',
      },
    },
    gridId: grid!.id,
    riskPointId: point!.id,
    households: households.map((h) => h.id),
    taskId: task!.id,
    warnings: warnings.slice(1).map((w) => w.id),
  };
}

/** A phone's outbox after days offline: 1,000 commands, in the order they were recorded. */
function outbox(world: World): FieldCommand[] {
  const commands: FieldCommand[] = [];
  let minute = 0;
  const add = (kind: FieldCommand['kind'], payload: Record<string, unknown>) => {
    minute += 1;
    commands.push({
      id: randomUUID(),
      kind,
      at: new Date(Date.parse('2026-07-10T00:00:00Z') + minute * 60_000).toISOString(),
      payload,
    });
  };
  const { gridId, riskPointId } = world;
  for (let p = 0; p < 50; p += 1) {
    const patrolId = randomUUID();
    add('patrol.start', { patrolId, gridId });
    for (let c = 0; c < 8; c += 1) {
      add('patrol.checkIn', {
        patrolId,
        gridId,
        riskPointId,
        location: { lon: 113.3, lat: 31.8, accuracyM: 10 },
        result: 'normal',
      });
    }
    add('patrol.finish', { patrolId, gridId, result: 'nothingFound' });
  }
  for (let h = 0; h < 200; h += 1) {
    add('hazard.report', {
      hazardId: randomUUID(),
      report: {
        regionCode: village,
        gridId,
        kind: 'fire',
        title: `基准隐患${h}`,
        location: { lon: 113.3, lat: 31.8 },
        photoIds: [randomUUID()],
      },
    });
  }
  for (let v = 0; v < 250; v += 1) {
    add('doorToDoor.visit', {
      taskId: world.taskId,
      householdId: world.households[v % world.households.length],
      result: 'told',
    });
  }
  for (const warningId of world.warnings) {
    add('warning.answer', { warningId });
    add('warning.actions', {
      warningId,
      actions: { relayedBy: ['gong'], householdsTold: 10, peopleMoved: 2 },
    });
  }
  return commands;
}

async function pushAll(world: World, commands: FieldCommand[]) {
  const start = performance.now();
  const counts: Record<string, number> = {};
  for (let i = 0; i < commands.length; i += perPush) {
    const response = await pushCommands(
      world.ctx,
      {
        deviceId: 'bench',
        sentAt: new Date().toISOString(),
        commands: commands.slice(i, i + perPush),
      },
      'zh-CN',
      (error) => {
        throw error;
      },
    );
    for (const result of response.results) {
      counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    }
  }
  return { ms: since(start), counts };
}

/** The floor: per command, one transaction writing its sync_command row and an audit row. */
async function floor(database: Database, commands: FieldCommand[]) {
  const start = performance.now();
  for (const command of commands) {
    await database.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into sync_command (id, user_id, device_id, kind, payload, device_at, outcome)
            values (${randomUUID()}, null, 'floor', ${command.kind}, ${JSON.stringify(command.payload)}::jsonb,
              ${command.at}, 'applied')`,
      );
      await tx.execute(
        sql`insert into audit_log (actor_name, action, entity, entity_id, region_code, county_code, after)
            values ('floor', ${command.kind}, 'floor', ${command.id}, ${village}, ${county}, ${JSON.stringify(command.payload)}::jsonb)`,
      );
    });
  }
  return since(start);
}

function bundleSize() {
  const dist = path.join(root, 'apps/field/dist/index.html');
  if (!fs.existsSync(dist)) {
    execFileSync('npm', ['run', 'build', '-w', 'apps/field'], { cwd: root, stdio: 'inherit' });
  }
  const output = execFileSync(
    process.execPath,
    [path.join(root, 'apps/field/scripts/bundle-size.mjs')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as { firstLoadGzipBytes: number };
}

export async function run(options: { quick?: boolean; target?: string | undefined } = {}) {
  const results: Record<string, unknown>[] = [];
  const size = bundleSize();
  const kb = round(size.firstLoadGzipBytes / 1024);
  console.log(`  first load: ${kb} KB of JavaScript gzipped (goal ≤ 300 KB)`);
  results.push({ firstLoadGzipKb: kb, goalKb: 300 });
  const targets = availableTargets([pgliteMemory, pgliteDisk, postgres]).filter(
    (target) => !options.target || target.name === options.target,
  );
  for (const target of targets) {
    const opened = await target.open();
    const { database } = opened;
    const log = (text: string) => console.log(`  ${target.name.padEnd(14)} ${text}`);
    try {
      await importRegions(database.db, county);
      const world = await setUp(database.db);
      const commands = outbox(world);
      const floorMs = await floor(database, commands);
      const first = await pushAll(world, commands);
      const again = await pushAll(world, commands);
      const ratio = round(floorMs / first.ms, 2);
      log(
        `sync ${commands.length} commands: ${round(first.ms)} ms (${JSON.stringify(first.counts)}); floor ${round(floorMs)} ms, ×${ratio}; again ${round(again.ms)} ms (${JSON.stringify(again.counts)})`,
      );
      results.push({
        target: target.name,
        commands: commands.length,
        syncMs: round(first.ms),
        outcomes: first.counts,
        floorMs: round(floorMs),
        ratio,
        replayMs: round(again.ms),
        replayOutcomes: again.counts,
        goalMs: 10_000,
      });
    } finally {
      await opened.dispose();
    }
  }
  return results;
}
