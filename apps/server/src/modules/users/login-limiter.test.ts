import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter';

describe('login limiter', () => {
  it('refuses an address after the limit within the window, and lets it try again as failures age', () => {
    const limiter = new LoginLimiter(3, 60_000);
    const t0 = 1_000_000;
    limiter.fail('a', t0);
    limiter.fail('a', t0 + 10_000);
    expect(limiter.retryAfterMs('a', t0 + 20_000)).toBe(0);
    limiter.fail('a', t0 + 20_000);
    expect(limiter.retryAfterMs('a', t0 + 30_000)).toBe(30_000);
    expect(limiter.retryAfterMs('b', t0 + 30_000)).toBe(0);
    // The first failure leaves the window at t0 + 60 s.
    expect(limiter.retryAfterMs('a', t0 + 60_001)).toBe(0);
  });

  it('forgets the addresses that failed longest ago beyond its size', () => {
    const limiter = new LoginLimiter(1, 60_000, 2);
    limiter.fail('a', 1);
    limiter.fail('b', 2);
    limiter.fail('c', 3);
    expect(limiter.retryAfterMs('a', 4)).toBe(0);
    expect(limiter.retryAfterMs('b', 4)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('c', 4)).toBeGreaterThan(0);
  });
});
