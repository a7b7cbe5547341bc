/**
 * Who is signed in on this phone. A worker signs in once with a network; the session (with its
 * CSRF token) is kept in IndexedDB so the app opens with no network, for `offlineDays` after the
 * last time it reached the server. Then, or when the server answers 401, the worker signs in
 * again; the outbox is never lost on the way.
 */
import { defaultFieldOfflineDays, type Me, type SyncPullResponse } from '@lastmile/shared';
import { request, setCsrfToken } from '../lib/api';
import { createStore } from '../lib/store';
import { db, getMeta, pulledTables, setMeta } from './db';

export interface Session {
  me: Me;
  /** The person and region as the last pull described them. */
  profile: SyncPullResponse['me'] | null;
  /** Phone clock, ms. */
  signedInAt: number;
  /** The last time the server answered us (sign-in, push, pull, upload): phone clock, ms. */
  lastOnlineAt: number;
  offlineDays: number;
  /** The server said the session is gone (401): work goes on, pushing waits for a sign-in. */
  authExpired: boolean;
}

const dayMs = 86_400_000;

/** `undefined` while loading, `null` when nobody is signed in. */
export const sessionStore = createStore<Session | null | undefined>(undefined);

async function save(session: Session | null): Promise<void> {
  if (session) {
    await setMeta('session', session);
  } else {
    await db.meta.delete('session');
  }
  setCsrfToken(session?.me.csrfToken);
  sessionStore.set(session);
}

export async function loadSession(): Promise<Session | null> {
  const session = (await getMeta<Session>('session')) ?? null;
  setCsrfToken(session?.me.csrfToken);
  sessionStore.set(session);
  return session;
}

/** Until when the phone may work with no network (phone clock, ms). */
export function offlineUntil(session: Session): number {
  return session.lastOnlineAt + session.offlineDays * dayMs;
}

/** Offline for longer than allowed: the worker must sign in online again. */
export function isOfflineTooLong(session: Session, now = Date.now()): boolean {
  return now > offlineUntil(session);
}

/** Empties what the last user pulled (their grid, warnings, tasks); the outbox stays. */
async function forgetPulledData(): Promise<void> {
  await db.transaction('rw', [db.meta, ...pulledTables.map((name) => db[name])], async () => {
    for (const name of pulledTables) {
      await db[name].clear();
    }
    await db.meta.bulkDelete(['cursor', 'lastPullAt', 'lastSyncAt']);
  });
}

/** Signs in online (a field session lasts the offline period) and keeps the session. */
export async function signIn(username: string, password: string): Promise<Session> {
  const { data: me } = await request<Me>('POST', '/auth/login', {
    json: { username, password, device: 'field' },
  });
  const previous = (await getMeta<Session>('session')) ?? null;
  const lastUserId = await getMeta<string>('lastUserId');
  if (lastUserId && lastUserId !== me.id) {
    await forgetPulledData();
  }
  const now = Date.now();
  const session: Session = {
    me,
    profile: previous?.me.id === me.id ? previous.profile : null,
    signedInAt: now,
    lastOnlineAt: now,
    offlineDays: previous?.me.id === me.id ? previous.offlineDays : defaultFieldOfflineDays,
    authExpired: false,
  };
  await setMeta('lastUserId', me.id);
  await save(session);
  // Ask the browser not to evict our store under storage pressure (iOS clears unused sites).
  await navigator.storage?.persist?.().catch(() => false);
  return session;
}

/** Signs out: the session and the pulled data go; unsynced commands stay for the next sign-in. */
export async function signOut(): Promise<void> {
  if (navigator.onLine) {
    await request('POST', '/auth/logout', { json: {}, timeoutMs: 5000 }).catch(() => undefined);
  }
  await forgetPulledData();
  await db.meta.delete('lastUserId');
  await save(null);
}

/** Changes the kept session (the server answered, or said 401) and tells the app. */
export async function updateSession(change: (session: Session) => Session): Promise<void> {
  const current = (await getMeta<Session>('session')) ?? null;
  if (current) {
    await save(change(current));
  }
}
