import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      region: '421321',
      adminPassword: undefined,
      demo: false,
      sessionTtlMs: 12 * 3600_000,
      secureCookies: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/lastmile',
      DATABASE_URL: 'postgres://app@db/lastmile',
      LASTMILE_REGION: '22',
      LASTMILE_ADMIN_PASSWORD: 'a-long-admin-password',
      LASTMILE_DEMO: '1',
      LASTMILE_SESSION_HOURS: '8',
      LASTMILE_SECURE_COOKIES: 'true',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/lastmile',
      databaseUrl: 'postgres://app@db/lastmile',
      region: '22',
      adminPassword: 'a-long-admin-password',
      demo: true,
      sessionTtlMs: 8 * 3600_000,
      secureCookies: true,
    });
  });

  it('reads which proxies to trust: none, any, a hop count or a list of addresses', () => {
    const trust = (value?: string) => loadConfig({ LASTMILE_TRUST_PROXY: value }).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    const twoHops = trust('2') as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => twoHops('192.0.2.1', hop))).toEqual([true, true, false]);
    expect(trust('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => trust('nginx.local')).toThrow(/LASTMILE_TRUST_PROXY/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('stops with one message naming every bad variable', () => {
    const bad = () =>
      loadConfig({ PORT: 'eighty', LASTMILE_REGION: '4213', DATABASE_URL: 'mysql://x', LASTMILE_ADMIN_PASSWORD: 'short' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['PORT', 'LASTMILE_REGION', 'DATABASE_URL', 'LASTMILE_ADMIN_PASSWORD']) {
        expect(message).toContain(name);
      }
    }
  });
});
