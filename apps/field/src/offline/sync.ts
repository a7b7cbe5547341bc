/**
 * The sync engine: push the outbox in the order it was recorded, then upload the photos of
 * applied commands, then pull the grid's data. It runs when the app starts, when the network
 * comes back, every 30 s while online, after a command is saved online, and from the 同步 button.
 *
 * - applied / duplicate: the command is done (synced); its photos may now go up.
 * - conflict / rejected: kept in 需处理 with the server's message, never retried by itself.
 * - no network or a 5xx: everything stays and is tried again later, backing off.
 * - 401: the queue stays; the app asks the worker to sign in again, then pushing goes on.
 */
import {
  maxCommandsPerPush,
  type CommandResult,
  type Me,
  type FieldHazard,
  type SyncPullResponse,
  type SyncPushBody,
  type SyncPushResponse,
} from '@lastmile/shared';
import { ApiError, request } from '../lib/api';
import { deviceTimestamp } from '../lib/format';
import { uploadType } from '../lib/photos';
import { newId } from '../lib/ids';
import { createStore } from '../lib/store';
import { db, getMeta, setMeta, type OutboxEntry } from './db';
import { rebuildOverlays } from './optimistic';
import { sessionStore, updateSession, type Session } from './session';

export interface SyncStatus {
  online: boolean;
  running: boolean;
  /** Phone clock (ms) of the last sync that went all the way through. */
  lastSyncAt: number | null;
  /** Why the last sync stopped, in the worker's language; null when it went through. */
  lastError: string | null;
}

export const syncStatus = createStore<SyncStatus>({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  running: false,
  lastSyncAt: null,
  lastError: null,
});

/** How long a closed (or rejected, merged) hazard the worker found stays on the phone. */
const keepFinishedFoundHazardsMs = 30 * 86_400_000;
/** How long synced commands stay in the 同步队列 list for the worker to look back at. */
const keepSyncedMs = 7 * 86_400_000;
const finishedHazardStates = new Set<FieldHazard['state']>(['closed', 'rejected', 'merged']);

/** The session (and its CSRF token) was checked with the server since the app started. */
let sessionChecked = false;
let failures = 0;
let nextAttemptAt = 0;
let running: Promise<void> | null = null;

class AuthExpired extends Error {}

export async function deviceId(): Promise<string> {
  let id = await getMeta<string>('deviceId');
  if (!id) {
    id = newId();
    await setMeta('deviceId', id);
  }
  return id;
}

/** The server answered: the offline clock starts again. */
async function touchOnline(offlineDays?: number): Promise<void> {
  await updateSession((session) => ({
    ...session,
    lastOnlineAt: Date.now(),
    offlineDays: offlineDays ?? session.offlineDays,
  }));
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new AuthExpired(error.message);
    }
    throw error;
  }
}

/**
 * Once per start (and after a CSRF refusal): the server's view of the session, with a fresh
 * CSRF token. A session ended on the server shows here as 401 before any push is tried.
 */
async function checkSession(): Promise<Session> {
  const { data: me } = await call(() => request<Me>('GET', '/auth/me', { timeoutMs: 15_000 }));
  await updateSession((session) => ({ ...session, me, lastOnlineAt: Date.now() }));
  sessionChecked = true;
  return sessionStore.get()!;
}

// ---------------------------------------------------------------- push

function toRecord(entry: OutboxEntry, result: CommandResult): Partial<OutboxEntry> {
  const { outcome } = result;
  const done = outcome === 'applied' || outcome === 'duplicate';
  return {
    state: outcome === 'applied' || outcome === 'duplicate' ? 'synced' : outcome,
    outcome: result.outcome,
    code: result.code,
    message: result.message,
    entityId: result.entityId,
    reference: result.reference,
    syncedAt: done ? Date.now() : undefined,
    attempts: entry.attempts,
  };
}

async function pushOutbox(session: Session): Promise<void> {
  const device = await deviceId();
  const waiting = (await db.outbox.orderBy('seq').toArray()).filter(
    (entry) =>
      entry.userId === session.me.id && (entry.state === 'pending' || entry.state === 'sending'),
  );
  let turnedDown = false;
  for (let start = 0; start < waiting.length; start += maxCommandsPerPush) {
    const batch = waiting.slice(start, start + maxCommandsPerPush);
    await db.outbox.bulkUpdate(
      batch.map((entry) => ({
        key: entry.seq!,
        changes: { state: 'sending', attempts: entry.attempts + 1 },
      })),
    );
    let response: SyncPushResponse;
    try {
      const body: SyncPushBody = {
        deviceId: device,
        sentAt: deviceTimestamp(),
        commands: batch.map(({ id, kind, at, payload }) => ({ id, kind, at, payload })),
      };
      response = (
        await call(() =>
          request<SyncPushResponse>('POST', '/sync/push', { json: body, timeoutMs: 60_000 }),
        )
      ).data;
    } catch (error) {
      await db.outbox.bulkUpdate(
        batch.map((entry) => ({ key: entry.seq!, changes: { state: 'pending' } })),
      );
      throw error;
    }
    await touchOnline();
    const results = new Map(response.results.map((result) => [result.id, result]));
    await db.transaction('rw', db.outbox, async () => {
      for (const entry of batch) {
        const result = results.get(entry.id);
        // A command the server did not answer (it should not happen) simply goes next time.
        const changes = result
          ? toRecord({ ...entry, attempts: entry.attempts + 1 }, result)
          : { state: 'pending' as const };
        turnedDown ||= result?.outcome === 'conflict' || result?.outcome === 'rejected';
        await db.outbox.update(entry.seq!, changes);
      }
    });
  }
  if (turnedDown) {
    // What the server turned down comes off the worker's screens.
    await rebuildOverlays();
  }
}

// ---------------------------------------------------------------- photos

async function uploadPhotos(session: Session): Promise<void> {
  const waiting = await db.photos.where('state').equals('pending').toArray();
  for (const photo of waiting) {
    const command = await db.outbox.where('id').equals(photo.commandId).first();
    // A photo goes up once its command is on the server (a report may arrive before its photos).
    if (!command || command.state !== 'synced' || command.userId !== session.me.id || !photo.blob) {
      continue;
    }
    try {
      await call(() =>
        request('POST', '/attachments', {
          body: photo.blob!,
          contentType: uploadType(photo.blob!),
          query: { id: photo.id },
          timeoutMs: 120_000,
        }),
      );
      await db.photos.update(photo.id, {
        state: 'uploaded',
        blob: null,
        message: null,
        attempts: photo.attempts + 1,
      });
      await touchOnline();
    } catch (error) {
      if (error instanceof ApiError && !error.isTransient) {
        await db.photos.update(photo.id, {
          state: 'failed',
          message: error.message,
          attempts: photo.attempts + 1,
        });
        continue;
      }
      await db.photos.update(photo.id, { attempts: photo.attempts + 1 });
      throw error;
    }
  }
}

// ---------------------------------------------------------------- pull

function keepHazard(hazard: FieldHazard, now: number): boolean {
  if (!finishedHazardStates.has(hazard.state)) {
    return true;
  }
  return (
    hazard.myRole === 'finder' && now - Date.parse(hazard.updatedAt) < keepFinishedFoundHazardsMs
  );
}

async function pull(): Promise<void> {
  const cursor = await getMeta<string>('cursor');
  const { data } = await call(() =>
    request<SyncPullResponse>('GET', '/sync/pull', { query: { cursor }, timeoutMs: 60_000 }),
  );
  const now = Date.now();
  const tables = [
    db.meta,
    db.outbox,
    db.grids,
    db.households,
    db.riskPoints,
    db.units,
    db.hazards,
    db.warnings,
    db.tasks,
    db.patrols,
    db.contacts,
    db.dutyCards,
  ];
  await db.transaction('rw', tables, async () => {
    if (data.full) {
      await Promise.all([
        db.households.clear(),
        db.riskPoints.clear(),
        db.units.clear(),
        db.hazards.clear(),
      ]);
    }
    // Small collections come whole every time.
    await Promise.all([
      db.grids.clear(),
      db.warnings.clear(),
      db.tasks.clear(),
      db.patrols.clear(),
      db.contacts.clear(),
      db.dutyCards.clear(),
    ]);
    await db.grids.bulkPut(data.grids);
    await db.warnings.bulkPut(data.warnings);
    await db.tasks.bulkPut(data.tasks);
    await db.patrols.bulkPut(data.patrols);
    await db.contacts.bulkAdd(data.contacts);
    await db.dutyCards.bulkAdd(data.dutyCards);
    await db.households.bulkPut(data.households);
    await db.riskPoints.bulkPut(data.riskPoints);
    await db.units.bulkPut(data.units);
    await db.hazards.bulkPut(data.hazards.filter((hazard) => keepHazard(hazard, now)));
    const gone = data.hazards
      .filter((hazard) => !keepHazard(hazard, now))
      .map((hazard) => hazard.id);
    await db.hazards.bulkDelete(gone);
    await setMeta('cursor', data.cursor);
    await setMeta('lastPullAt', now);
    await setMeta('serverTime', data.serverTime);
    // The worker's unsynced work goes back over the fresh rows.
    await rebuildOverlays();
  });
  await updateSession((session) => ({
    ...session,
    profile: data.me,
    lastOnlineAt: Date.now(),
    offlineDays: data.offlineDays,
  }));
}

/** Synced commands (and their uploaded photos) older than a week leave the phone. */
async function prune(): Promise<void> {
  const before = Date.now() - keepSyncedMs;
  const old = await db.outbox
    .where('state')
    .equals('synced')
    .filter((entry) => (entry.syncedAt ?? 0) < before)
    .toArray();
  if (old.length === 0) {
    return;
  }
  const ids = old.map((entry) => entry.id);
  await db.transaction('rw', [db.outbox, db.photos], async () => {
    await db.photos
      .where('commandId')
      .anyOf(ids)
      .filter((photo) => photo.state === 'uploaded')
      .delete();
    await db.outbox.bulkDelete(old.map((entry) => entry.seq!));
  });
}

// ---------------------------------------------------------------- the run

async function run(force: boolean): Promise<void> {
  const session = sessionStore.get();
  if (!session || session.authExpired || !navigator.onLine) {
    return;
  }
  if (!force && Date.now() < nextAttemptAt) {
    return;
  }
  syncStatus.set((status) => ({ ...status, running: true }));
  try {
    const checked = sessionChecked ? session : await checkSession();
    await pushOutbox(checked);
    await uploadPhotos(checked);
    await pull();
    await prune();
    failures = 0;
    nextAttemptAt = 0;
    const at = Date.now();
    await setMeta('lastSyncAt', at);
    syncStatus.set((status) => ({ ...status, running: false, lastSyncAt: at, lastError: null }));
  } catch (error) {
    if (error instanceof AuthExpired) {
      await updateSession((current) => ({ ...current, authExpired: true }));
    } else {
      if (error instanceof ApiError && error.code === 'CSRF_FAILED') {
        sessionChecked = false;
      }
      failures += 1;
      // 5 s, 10 s, 20 s… up to 5 minutes between automatic tries.
      nextAttemptAt = Date.now() + Math.min(5_000 * 2 ** (failures - 1), 300_000);
    }
    const message = error instanceof Error ? error.message : String(error);
    syncStatus.set((status) => ({ ...status, running: false, lastError: message }));
  }
}

/**
 * Syncs now, or joins the sync already running. `force` (the button, the network coming back)
 * skips the back-off wait.
 */
export function syncNow(options: { force?: boolean } = {}): Promise<void> {
  if (!running) {
    running = run(options.force ?? false).finally(() => {
      running = null;
    });
  }
  return running;
}

let soon: ReturnType<typeof setTimeout> | undefined;
/** After a command is saved with a network: send it shortly (several saves go together). */
export function syncSoon(): void {
  if (!navigator.onLine) {
    return;
  }
  clearTimeout(soon);
  soon = setTimeout(() => void syncNow({ force: true }), 1500);
}

/** Starts the automatic syncing: now, when the network returns, and every 30 s while online. */
export function startSyncLoop(): () => void {
  void getMeta<number>('lastSyncAt').then((at) => {
    syncStatus.set((status) => ({ ...status, lastSyncAt: at ?? null }));
  });
  const onOnline = () => {
    syncStatus.set((status) => ({ ...status, online: true }));
    void syncNow({ force: true });
  };
  const onOffline = () => syncStatus.set((status) => ({ ...status, online: false }));
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  const timer = setInterval(() => {
    if (navigator.onLine) {
      void syncNow();
    }
  }, 30_000);
  void syncNow({ force: true });
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    clearInterval(timer);
  };
}
