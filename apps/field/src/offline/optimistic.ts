/**
 * What the worker sees before the server has answered: each recorded command is laid over the
 * pulled rows at once (a new hazard appears as 待同步, an answered warning shows 已叫应). A row
 * under commands keeps the server's version beside it, so the overlay can be taken off and laid
 * again from the outbox whenever the truth changes: after a pull brings new server rows, or when
 * the server turns a command down.
 */
import type { FieldHazard, HazardState, TransitionHazardBody } from '@lastmile/shared';
import type { Table } from 'dexie';
import { db, getMeta, type OutboxEntry, type Overlaid } from './db';

/** The states the field app's own hazard steps lead to (the shared state machine agrees). */
const transitionTargets: Partial<Record<TransitionHazardBody['action'], HazardState>> = {
  startRectification: 'rectifying',
  submit: 'submitted',
  accept: 'accepted',
  failAcceptance: 'rectifying',
};

export interface OverlayContext {
  /** The worker's name, shown as the finder of hazards reported on the phone. */
  displayName: string;
}

function serverPart<T extends object>(row: Overlaid<T>): T {
  const rest: Overlaid<T> = { ...row };
  delete rest.pending;
  delete rest.server;
  return rest;
}

/**
 * Lays one command over one row, once: a row already carrying the command is left alone, so
 * laying the outbox again is harmless. `create` makes the row when the command brings it.
 */
async function overlay<T extends { id: string }>(
  table: Table<Overlaid<T>, string>,
  id: string,
  commandId: string,
  change: (row: T) => T,
  create?: () => T,
): Promise<void> {
  const row = await table.get(id);
  if (row?.pending?.includes(commandId)) {
    return;
  }
  if (!row && !create) {
    return;
  }
  const pending = row?.pending ?? [];
  const server = row ? (pending.length > 0 ? (row.server ?? null) : serverPart(row)) : null;
  const base = row ? serverPart(row) : create!();
  await table.put({ ...change(base), pending: [...pending, commandId], server });
}

/** The tables commands are laid over (every call runs inside a transaction that holds them). */
export const overlaidTables = () => [db.hazards, db.warnings, db.tasks, db.patrols];

/** Lays one command over the local tables. */
export async function applyCommand(entry: OutboxEntry, context: OverlayContext): Promise<void> {
  const { id: commandId, at } = entry;
  switch (entry.kind) {
    case 'patrol.start': {
      const { patrolId, gridId } = entry.payload;
      await overlay(
        db.patrols,
        patrolId,
        commandId,
        (row) => row,
        () => ({
          id: patrolId,
          gridId,
          startedAt: at,
          finishedAt: null,
          result: null,
          checkIns: 0,
          hazards: 0,
        }),
      );
      return;
    }
    case 'patrol.checkIn':
      await overlay(db.patrols, entry.payload.patrolId, commandId, (row) => ({
        ...row,
        checkIns: row.checkIns + 1,
      }));
      return;
    case 'patrol.finish': {
      const { result } = entry.payload;
      await overlay(db.patrols, entry.payload.patrolId, commandId, (row) => ({
        ...row,
        finishedAt: at,
        result,
      }));
      return;
    }
    case 'hazard.report': {
      const { hazardId, patrolId, report } = entry.payload;
      const created = (): FieldHazard => ({
        id: hazardId,
        number: '',
        title: report.title,
        kind: report.kind,
        grade: report.grade ?? 'general',
        state: 'reported',
        regionCode: report.regionCode ?? '',
        gridId: report.gridId ?? null,
        riskPointId: report.riskPointId ?? null,
        unitId: report.unitId ?? null,
        location: report.location ?? null,
        address: report.address ?? null,
        finderName: context.displayName,
        deadline: null,
        overdue: false,
        myRole: 'finder',
        createdAt: at,
        updatedAt: at,
      });
      await overlay(db.hazards, hazardId, commandId, (row) => row, created);
      if (patrolId) {
        await overlay(db.patrols, patrolId, commandId, (row) => ({
          ...row,
          hazards: row.hazards + 1,
        }));
      }
      return;
    }
    case 'hazard.transition': {
      const target = transitionTargets[entry.payload.transition.action];
      await overlay(db.hazards, entry.payload.hazardId, commandId, (row) => ({
        ...row,
        state: target ?? row.state,
        updatedAt: at,
      }));
      return;
    }
    case 'warning.answer':
      await overlay(db.warnings, entry.payload.warningId, commandId, (row) => ({
        ...row,
        call: row.call && {
          ...row.call,
          state: 'answered' as const,
          answeredAt: row.call.answeredAt ?? at,
        },
      }));
      return;
    case 'warning.actions': {
      const { actions } = entry.payload;
      await overlay(db.warnings, entry.payload.warningId, commandId, (row) => ({
        ...row,
        call: row.call && {
          ...row.call,
          state: 'answered' as const,
          answeredAt: row.call.answeredAt ?? at,
          actionsReportedAt: at,
          householdsTold: actions.householdsTold,
          peopleMoved: actions.peopleMoved,
        },
      }));
      return;
    }
    case 'doorToDoor.visit': {
      const { householdId, result } = entry.payload;
      await overlay(db.tasks, entry.payload.taskId, commandId, (row) => ({
        ...row,
        visits: [
          ...row.visits.filter((visit) => visit.householdId !== householdId),
          { householdId, result, at },
        ],
      }));
      return;
    }
    case 'doorToDoor.finish':
      await overlay(db.tasks, entry.payload.taskId, commandId, (row) => ({
        ...row,
        state: 'done' as const,
        doneAt: at,
      }));
      return;
  }
}

/**
 * Commands whose effect the pulled rows do not show yet: those not sent or not answered, and
 * those applied since the last pull started (their effect arrives with the next pull).
 */
export function isUnpulled(entry: OutboxEntry, lastPullAt: number): boolean {
  return (
    entry.state === 'pending' ||
    entry.state === 'sending' ||
    (entry.state === 'synced' && (entry.syncedAt ?? 0) > lastPullAt)
  );
}

/**
 * Takes every overlay off (back to the server's rows; rows made on the phone go) and lays the
 * unpulled commands again in their order. Runs inside the caller's transaction when there is one.
 */
export async function rebuildOverlays(): Promise<void> {
  await db.transaction('rw', [db.meta, db.outbox, ...overlaidTables()], async () => {
    for (const table of overlaidTables()) {
      const table_ = table as Table<Overlaid<{ id: string }>, string>;
      const overlaid = await table_.filter((row) => (row.pending?.length ?? 0) > 0).toArray();
      for (const row of overlaid) {
        if (row.server) {
          await table_.put(row.server);
        } else {
          await table_.delete(row.id);
        }
      }
    }
    const lastPullAt = (await getMeta<number>('lastPullAt')) ?? 0;
    const session = await getMeta<{ me: { id: string; displayName: string } }>('session');
    const context = { displayName: session?.me.displayName ?? '' };
    const entries = await db.outbox.orderBy('seq').toArray();
    for (const entry of entries) {
      // Another user's commands (kept from before a sign-out) wait for their own session.
      if (entry.userId === session?.me.id && isUnpulled(entry, lastPullAt)) {
        await applyCommand(entry, context);
      }
    }
  });
}
