import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sealAuditChain } from '../modules/audit';
import { escalateSilentSummons, superviseOverdueHazards } from '../modules/hazards';
import { purgeExpiredSessions } from '../modules/users';
import type { MessageGateway } from '../modules/channels';
import { pollWarningFeed, runWarningTimers, sendQueuedMessages } from '../modules/warnings';
import { scheduleJob, type JobRunner } from './runner';

/** The recurring jobs every instance knows, with how often they run. */
const recurring = [
  { kind: 'audit.seal', intervalMs: 2_000 },
  { kind: 'session.purge', intervalMs: 15 * 60_000 },
  { kind: 'hazard.supervise', intervalMs: 60_000 },
  { kind: 'warning.timers', intervalMs: 1_000 },
  { kind: 'warning.send', intervalMs: 1_000 },
] as const;

export async function registerJobs(
  runner: JobRunner,
  database: Database,
  gateway: MessageGateway,
  logChannel: MessageGateway,
  warningFeed: { url: string; intervalMs: number; region: string } | null = null,
): Promise<void> {
  // 叫应 timers and outgoing messages: each run drains what is due, a batch at a time.
  runner.register('warning.timers', async (_payload, { db }) => {
    while ((await runWarningTimers(db, new Date())) > 0) {
      // keep going while whole batches were due
    }
  });
  runner.register('warning.send', async (_payload, { db }) => {
    while ((await sendQueuedMessages(db, gateway, logChannel)) > 0) {
      // keep going while messages were queued
    }
  });
  runner.register('audit.seal', async (_payload, { db }) => {
    await sealAuditChain(db);
  });
  runner.register('session.purge', async (_payload, { db, log }) => {
    const purged = await purgeExpiredSessions(db);
    if (purged > 0) {
      log.info({ purged }, 'expired sessions purged');
    }
  });
  runner.register('hazard.supervise', async (_payload, { db, log }) => {
    const notices = await superviseOverdueHazards(db);
    const escalated = await escalateSilentSummons(db);
    if (notices + escalated > 0) {
      log.info({ notices, escalated }, 'overdue hazards supervised');
    }
  });
  const jobs: { kind: string; intervalMs: number }[] = [...recurring];
  if (warningFeed) {
    runner.register('warning.feed', async (_payload, { db, log }) => {
      const polled = await pollWarningFeed(db, warningFeed, log);
      if (polled.stored + polled.failed > 0) {
        log.info(polled, 'warning feed polled');
      }
    });
    jobs.push({ kind: 'warning.feed', intervalMs: warningFeed.intervalMs });
  }
  if (database.kind === 'pglite') {
    // PGlite writes no WAL to disk between checkpoints on its own schedule; force one often.
    runner.register('db.checkpoint', async (_payload, { db }) => {
      await db.execute(sql`checkpoint`);
    });
    jobs.push({ kind: 'db.checkpoint', intervalMs: 5 * 60_000 });
  }
  for (const job of jobs) {
    await scheduleJob(database.db, { ...job, key: job.kind });
  }
}
