import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/client';

/**
 * Durable jobs and timers. A job is a row with a due time; any process polls for due rows and
 * claims them with `FOR UPDATE SKIP LOCKED` and a lease, so each runs once even with several
 * instances on PostgreSQL, and a job that fell due while the server was down runs after restart.
 * A claimed job whose process died is retried when its lease runs out.
 */

export interface JobContext {
  db: Db;
  log: FastifyBaseLogger;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

export interface ScheduleOptions {
  kind: string;
  payload?: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** Singleton jobs: a second schedule with the same key does nothing. */
  key?: string;
  /** Recurring jobs: run again this long after each run. */
  intervalMs?: number;
  maxAttempts?: number;
}

/** Adds a job (in the caller's transaction, if one is passed). */
export async function scheduleJob(db: Executor, options: ScheduleOptions): Promise<void> {
  await db.execute(sql`
    insert into job (kind, key, payload, run_at, interval_ms, max_attempts)
    values (${options.kind}, ${options.key ?? null}, ${JSON.stringify(options.payload ?? {})}::jsonb,
            ${(options.runAt ?? new Date()).toISOString()}::timestamptz, ${options.intervalMs ?? null},
            ${options.maxAttempts ?? 10})
    on conflict (key) do nothing`);
}

interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  intervalMs: number | null;
}

export interface JobRunnerOptions {
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: JobRunnerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 10;
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.schedulePoll(0);
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedulePoll(delay: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error: unknown) => this.log.error({ err: error }, 'job poll failed'))
        .then((count) => this.schedulePoll(count === this.batchSize ? 0 : this.pollMs));
    }, delay);
    this.timer.unref();
  }

  /** Claims and runs the jobs that are due now; returns how many it ran. */
  async runDue(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) {
      return 0;
    }
    const claimed = await queryRows<ClaimedJob>(
      this.db,
      sql`update job set locked_until = now() + make_interval(secs => ${this.leaseMs / 1000}),
                         attempts = attempts + 1
          where id in (
            select id from job
            where finished_at is null and run_at <= now()
              and (locked_until is null or locked_until < now())
              and kind in (${sql.join(kinds.map((kind) => sql`${kind}`), sql`, `)})
            order by run_at
            limit ${this.batchSize}
            for update skip locked)
          returning id, kind, payload, attempts, max_attempts as "maxAttempts",
                    interval_ms as "intervalMs"`,
    );
    for (const job of claimed) {
      await this.runOne(job);
    }
    return claimed.length;
  }

  private async runOne(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    try {
      await handler(job.payload, { db: this.db, log: this.log });
      if (job.intervalMs) {
        await this.db.execute(sql`
          update job set run_at = now() + make_interval(secs => ${job.intervalMs / 1000}),
                         attempts = 0, locked_until = null, last_error = null
          where id = ${job.id}`);
      } else {
        await this.db.execute(
          sql`update job set finished_at = now(), locked_until = null, last_error = null where id = ${job.id}`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn({ err: error, job: job.kind, attempt: job.attempts }, 'job failed');
      const giveUp = !job.intervalMs && job.attempts >= job.maxAttempts;
      // Back off 2^attempts seconds, at most 10 minutes; recurring jobs keep their rhythm.
      const retrySecs = job.intervalMs ? job.intervalMs / 1000 : Math.min(2 ** job.attempts, 600);
      await this.db.execute(sql`
        update job set locked_until = null, last_error = ${message.slice(0, 2000)},
          run_at = now() + make_interval(secs => ${retrySecs}),
          finished_at = ${giveUp ? sql`now()` : sql`null`}
        where id = ${job.id}`);
    }
  }
}
