import { liveEvents } from '../../lib/live-events';

/**
 * Signal that a warning's coverage changed (an answer, an escalation, a receipt), for the live
 * coverage streams of every instance: `lib/live-events.ts` carries it to the others (LISTEN/NOTIFY
 * on PostgreSQL). Streams also re-read on a timer, which catches the changes nobody signals (the
 * ladder's timers) and any signal lost while an instance was reconnecting.
 */
class WarningEvents {
  changed(warningId: string): void {
    liveEvents.publish(`warning:${warningId}`);
  }

  subscribe(warningId: string, listener: () => void): () => void {
    return liveEvents.subscribe(`warning:${warningId}`, listener);
  }
}

export const warningEvents = new WarningEvents();
