/**
 * Failed sign-ins per client address over a sliding window. The account lock (five failures)
 * stops guessing one account's password; this stops one address trying a few passwords on many
 * accounts (password spraying). Kept in this process's memory: with several instances an
 * address gets the allowance once per instance, which still bounds it.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit = 30,
    readonly windowMs = 15 * 60_000,
    /** Addresses remembered at most; the stalest are forgotten first. */
    private readonly maxAddresses = 50_000,
  ) {}

  /** How long `address` must wait before trying again, 0 if it may try now. */
  retryAfterMs(address: string, now = Date.now()): number {
    const recent = this.recent(address, now);
    return recent.length >= this.limit ? recent[0]! + this.windowMs - now : 0;
  }

  fail(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    // Re-inserted last, so the map's first keys are the addresses that failed longest ago.
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.limit));
    if (this.failures.size > this.maxAddresses) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((at) => at > now - this.windowMs);
  }
}
