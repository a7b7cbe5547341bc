/**
 * The phone's own store (IndexedDB through Dexie): what the last pull brought (one table per
 * collection of `SyncPullResponse`), the outbox of commands the worker recorded, their photos,
 * and a few settings (`meta`). The pulled tables show the server's rows with the worker's
 * unsynced commands laid over them (see `optimistic.ts`).
 */
import Dexie, { type Table } from 'dexie';
import type {
  DutyCard,
  FieldCommandKind,
  FieldCommandPayloads,
  FieldContact,
  FieldDoorToDoorTask,
  FieldGrid,
  FieldHazard,
  FieldPatrol,
  FieldRiskPoint,
  FieldUnit,
  FieldWarning,
  Household,
  SyncOutcome,
} from '@lastmile/shared';

/**
 * A pulled row as the worker sees it: `pending` lists the unsynced commands laid over it, and
 * while there are any, `server` keeps the row as the server last sent it (null: made on the phone).
 */
export type Overlaid<T> = T & { pending?: string[]; server?: T | null };

export type LocalHazard = Overlaid<FieldHazard>;
export type LocalWarning = Overlaid<FieldWarning>;
export type LocalTask = Overlaid<FieldDoorToDoorTask>;
export type LocalPatrol = Overlaid<FieldPatrol>;

export type OutboxState = 'pending' | 'sending' | 'synced' | 'conflict' | 'rejected';

export type OutboxEntry = {
  [K in FieldCommandKind]: {
    /** Local order: commands are pushed in the order they were recorded. */
    seq?: number;
    /** UUIDv7: the command's idempotency key on the server. */
    id: string;
    kind: K;
    /** When the worker did it, by the phone's clock, with its UTC offset. */
    at: string;
    payload: FieldCommandPayloads[K];
    /** Whose command it is: only their session pushes it. */
    userId: string;
    state: OutboxState;
    code: string | null;
    message: string | null;
    entityId: string | null;
    reference: string | null;
    attempts: number;
    /** The server's outcome and when it came (phone clock, ms). */
    outcome?: SyncOutcome;
    syncedAt?: number;
  };
}[FieldCommandKind];

export interface PhotoEntry {
  /** UUIDv7: the attachment's id on the server too, so a retried upload is recognised. */
  id: string;
  /** Dropped once uploaded, to give the phone its space back. */
  blob: Blob | null;
  commandId: string;
  state: 'pending' | 'uploaded' | 'failed';
  message: string | null;
  attempts: number;
  bytes: number;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export interface ContactRow extends FieldContact {
  seq?: number;
}

export interface DutyCardRow extends DutyCard {
  seq?: number;
}

export class FieldDatabase extends Dexie {
  meta!: Table<MetaEntry, string>;
  grids!: Table<FieldGrid, string>;
  households!: Table<Household, string>;
  riskPoints!: Table<FieldRiskPoint, string>;
  units!: Table<FieldUnit, string>;
  hazards!: Table<LocalHazard, string>;
  warnings!: Table<LocalWarning, string>;
  tasks!: Table<LocalTask, string>;
  patrols!: Table<LocalPatrol, string>;
  contacts!: Table<ContactRow, number>;
  dutyCards!: Table<DutyCardRow, number>;
  outbox!: Table<OutboxEntry, number>;
  photos!: Table<PhotoEntry, string>;

  constructor(name = 'lastmile-field') {
    // A save the worker was told is safe must survive the phone dying a moment later: ask the
    // browser to flush each commit to disk (Chromium otherwise may keep it in memory briefly).
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      meta: 'key',
      grids: 'id',
      households: 'id, gridId',
      riskPoints: 'id, gridId',
      units: 'id',
      hazards: 'id, state',
      warnings: 'id',
      tasks: 'id',
      patrols: 'id, gridId',
      contacts: '++seq',
      dutyCards: '++seq',
      outbox: '++seq, &id, state, userId',
      photos: 'id, commandId, state',
    });
  }
}

export const db = new FieldDatabase();

/** The tables a pull fills (and a sign-out of one user before another empties). */
export const pulledTables = [
  'grids',
  'households',
  'riskPoints',
  'units',
  'hazards',
  'warnings',
  'tasks',
  'patrols',
  'contacts',
  'dutyCards',
] as const;

export async function getMeta<T>(key: string): Promise<T | undefined> {
  const entry = await db.meta.get(key);
  return entry?.value as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
