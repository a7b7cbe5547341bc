import { EventEmitter } from 'node:events';

/**
 * In-process signal that a warning's coverage changed (an answer, an escalation, a receipt), for
 * the live coverage streams of this process. Streams also re-read on a timer, which carries
 * changes made by other instances.
 */
class WarningEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  changed(warningId: string): void {
    this.emitter.emit(warningId);
  }

  subscribe(warningId: string, listener: () => void): () => void {
    this.emitter.on(warningId, listener);
    return () => this.emitter.off(warningId, listener);
  }
}

export const warningEvents = new WarningEvents();
