import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../db/client';

/**
 * Live events between server instances: "something changed, read again" signals for the live
 * boards (keys such as `warning:<uuid>`, never the data itself). `publish` reaches this process's
 * subscribers at once and, on PostgreSQL, every other instance through NOTIFY on one channel,
 * which each instance LISTENs to on a dedicated connection. A process ignores its own
 * notifications, so its subscribers hear each event once. PGlite serves one process, so there
 * events stay in-process.
 *
 * Delivery is at most once: a signal published while a listener is reconnecting is lost, so
 * after every reconnect all subscribers are told to read again, and readers keep a slow timer of
 * their own.
 */

/** The one NOTIFY channel of all instances of this application. */
export const liveEventsChannel = 'lastmile_live_events';

/** Marks this process's notifications, so they are not delivered to it a second time. */
const origin = randomBytes(6).toString('hex');

/** Carries published keys to other instances. */
interface Transport {
  send(key: string): void;
}

class LiveEvents {
  private readonly emitter = new EventEmitter();
  private readonly transports = new Set<Transport>();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Signals `key` to this process's subscribers now and to other instances' shortly after. */
  publish(key: string): void {
    this.emitter.emit(key);
    for (const transport of this.transports) {
      transport.send(key);
    }
  }

  /** Calls `listener` on every event for `key`, from any instance; returns the unsubscribe. */
  subscribe(key: string, listener: () => void): () => void {
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }

  /** An event from another instance: this process's subscribers only. */
  deliver(key: string): void {
    this.emitter.emit(key);
  }

  /** Every subscriber reads again: events may have been missed. */
  deliverAll(): void {
    for (const key of this.emitter.eventNames()) {
      this.emitter.emit(key);
    }
  }

  attach(transport: Transport): () => void {
    this.transports.add(transport);
    return () => this.transports.delete(transport);
  }
}

/** The process-wide hub (modules' signals, e.g. `warningEvents`, are built on it). */
export const liveEvents = new LiveEvents();

export interface LiveEventsLink {
  /** Stops listening and sends what is still queued. */
  stop(): Promise<void>;
}

export interface LiveEventsOptions {
  /** First reconnect delay; it doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How often the listening connection is checked with a query (a silent drop sends nothing). */
  heartbeatMs?: number;
}

/**
 * Links this process's hub to the other instances on the same PostgreSQL database until `stop`.
 * Resolves after the first attempt to listen: if that failed it keeps retrying in the background
 * (readers' timers carry the board meanwhile), so a database hiccup does not stop the start.
 * On PGlite there is nothing to link.
 */
export async function linkLiveEvents(
  database: Database,
  log: FastifyBaseLogger,
  options: LiveEventsOptions = {},
): Promise<LiveEventsLink> {
  if (database.kind !== 'postgres' || !database.pool) {
    return { stop: async () => undefined };
  }
  const link = new PostgresLink(database.pool, log, options);
  const detach = liveEvents.attach(link);
  await link.start();
  return {
    async stop() {
      detach();
      await link.stop();
    },
  };
}

/** The `<origin> <key>` payload NOTIFY carries (PostgreSQL allows under 8000 bytes). */
function encode(key: string): string {
  return `${origin} ${key}`;
}

function decode(payload: string | undefined): { origin: string; key: string } | null {
  const space = payload?.indexOf(' ') ?? -1;
  return payload && space > 0
    ? { origin: payload.slice(0, space), key: payload.slice(space + 1) }
    : null;
}

class PostgresLink implements Transport {
  private client: pg.Client | undefined;
  private stopped = false;
  private hasListened = false;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly queued = new Set<string>();
  private sending: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: FastifyBaseLogger,
    private readonly options: LiveEventsOptions,
  ) {
    this.backoffMs = options.backoffMs ?? 250;
  }

  /**
   * Queues `key` for the next NOTIFY statement: the keys published while one is on its way go
   * out together in the next, so a burst of answers costs a few round trips, not one each.
   */
  send(key: string): void {
    this.queued.add(key);
    if (!this.sending) {
      this.sending = this.flush();
    }
  }

  private async flush(): Promise<void> {
    // Let the publishers of this turn of the event loop join the first statement.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queued.size > 0) {
      const payloads = [...this.queued].map(encode);
      this.queued.clear();
      try {
        await this.pool.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [
          liveEventsChannel,
          payloads,
        ]);
      } catch (error) {
        // Other instances' readers catch up on their timers.
        this.log.warn({ err: error }, 'live events: notify failed');
      }
    }
    this.sending = undefined;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    const client = this.client;
    this.client = undefined;
    await this.sending;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // The pool's settings (URL, SSL, password), on a connection of its own: LISTEN belongs to
    // a session, and a pooled connection would be handed to other queries.
    const client = new pg.Client({
      ...this.pool.options,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    let isLost = false;
    const lost = (error?: Error) => {
      if (isLost) {
        return;
      }
      isLost = true;
      if (this.client === client) {
        this.client = undefined;
      }
      clearInterval(this.heartbeatTimer);
      void client.end().catch(() => undefined);
      if (!this.stopped) {
        this.log.warn({ err: error }, 'live events: listening connection lost; reconnecting');
        this.scheduleReconnect();
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      const event = message.channel === liveEventsChannel ? decode(message.payload) : null;
      if (event && event.origin !== origin) {
        liveEvents.deliver(event.key);
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${liveEventsChannel}`);
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.backoffMs = this.options.backoffMs ?? 250;
    const heartbeatMs = this.options.heartbeatMs ?? 30_000;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(client, lost), heartbeatMs);
    this.heartbeatTimer.unref();
    if (this.hasListened) {
      // What was published while we were away is gone: have every reader look again.
      liveEvents.deliverAll();
    }
    this.hasListened = true;
  }

  /**
   * A LISTEN again (a no-op when listening) that does not answer within 10 s means the connection
   * is dead without saying so.
   */
  private async heartbeat(client: pg.Client, lost: (error?: Error) => void): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('heartbeat timed out')), 10_000);
    });
    try {
      await Promise.race([client.query(`listen ${liveEventsChannel}`), timeout]);
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)));
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleReconnect(): void {
    const delay = this.backoffMs * (0.5 + Math.random() / 2);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
