/**
 * Recording what the worker did: each action becomes a command in the outbox (with a UUIDv7,
 * the device time and its photos) and is laid over the local tables in the same IndexedDB
 * transaction, so it is on the screen and safe on the phone at once, with or without network.
 */
import type { FieldCommandKind, FieldCommandPayloads } from '@lastmile/shared';
import { deviceTimestamp } from '../lib/format';
import { newId } from '../lib/ids';
import { db, type OutboxEntry, type PhotoEntry } from './db';
import { applyCommand, overlaidTables } from './optimistic';
import { sessionStore } from './session';
import { syncSoon } from './sync';

export interface PhotoInput {
  id: string;
  blob: Blob;
}

export type NewCommand = {
  [K in FieldCommandKind]: { kind: K; payload: FieldCommandPayloads[K]; photos?: PhotoInput[] };
}[FieldCommandKind];

declare global {
  /** How long the last save took (ms): benchmark P7 wants under 100 ms on the phone. */
  var __lastSaveMs: number | undefined;
}

/**
 * Saves commands (done together, e.g. a hazard and the check-in that found it) and shows their
 * effect. Resolves once they are durable in IndexedDB.
 */
export async function recordCommands(commands: NewCommand[]): Promise<OutboxEntry[]> {
  const session = sessionStore.get();
  if (!session) {
    throw new Error('recordCommands: nobody is signed in');
  }
  const started = performance.now();
  const at = deviceTimestamp();
  const entries = commands.map(
    (command) =>
      ({
        id: newId(),
        kind: command.kind,
        at,
        payload: command.payload,
        userId: session.me.id,
        state: 'pending',
        code: null,
        message: null,
        entityId: null,
        reference: null,
        attempts: 0,
      }) as OutboxEntry,
  );
  const photos: PhotoEntry[] = commands.flatMap((command, index) =>
    (command.photos ?? []).map((photo) => ({
      id: photo.id,
      blob: photo.blob,
      commandId: entries[index]!.id,
      state: 'pending' as const,
      message: null,
      attempts: 0,
      bytes: photo.blob.size,
    })),
  );
  await db.transaction('rw', [db.outbox, db.photos, ...overlaidTables()], async () => {
    for (const entry of entries) {
      entry.seq = await db.outbox.add(entry);
    }
    if (photos.length > 0) {
      await db.photos.bulkAdd(photos);
    }
    for (const entry of entries) {
      await applyCommand(entry, { displayName: session.me.displayName });
    }
  });
  globalThis.__lastSaveMs = performance.now() - started;
  syncSoon();
  return entries;
}

/** Drops a command the server turned down (and its photos): the worker has seen it. */
export async function dismissCommand(seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.photos], async () => {
    const entry = await db.outbox.get(seq);
    if (entry && (entry.state === 'conflict' || entry.state === 'rejected')) {
      await db.photos.where('commandId').equals(entry.id).delete();
      await db.outbox.delete(seq);
    }
  });
}
