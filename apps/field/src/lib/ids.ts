import { v7 } from 'uuid';

/**
 * A new UUIDv7: every command, patrol, hazard and photo gets one on the phone. It is the record's
 * id and its idempotency key, and its time order keeps the outbox in the order things were done.
 */
export function newId(): string {
  return v7();
}
