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
      fieldOfflineDays: 14,
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
      LASTMILE_FIELD_OFFLINE_DAYS: '7',
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
      fieldOfflineDays: 7,
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

  it('sends SMS and voice to the log unless a gateway is configured', () => {
    expect(loadConfig({}).gateway).toEqual({
      url: null,
      token: null,
      bodyTemplate: '{"id":"{{id}}","channel":"{{channel}}","to":"{{to}}","text":"{{text}}"}',
      idField: 'messageId',
      timeoutMs: 5000,
      inboundToken: null,
      fake: false,
    });
    const emptied = loadConfig({ LASTMILE_GATEWAY_URL: '', LASTMILE_GATEWAY_TOKEN: '' });
    expect(emptied.gateway).toMatchObject({ url: null, token: null });
  });

  it('reads the gateway variables', () => {
    const bodyTemplate =
      '{"mobile":"{{to}}","content":"{{text}}","ref":"{{id}}","type":"{{channel}}"}';
    const config = loadConfig({
      LASTMILE_GATEWAY_URL: 'https://sms.example.gov.cn/api/send',
      LASTMILE_GATEWAY_TOKEN: 'gateway-token',
      LASTMILE_GATEWAY_BODY: bodyTemplate,
      LASTMILE_GATEWAY_ID_FIELD: 'data.msgId',
      LASTMILE_GATEWAY_TIMEOUT_MS: '8000',
      LASTMILE_GATEWAY_INBOUND_TOKEN: 'a-long-inbound-secret',
    });
    expect(config.gateway).toEqual({
      url: 'https://sms.example.gov.cn/api/send',
      token: 'gateway-token',
      bodyTemplate,
      idField: 'data.msgId',
      timeoutMs: 8000,
      inboundToken: 'a-long-inbound-secret',
      fake: false,
    });
    expect(loadConfig({ LASTMILE_FAKE_GATEWAY: '1' }).gateway.fake).toBe(true);
  });

  it('refuses gateway settings that cannot work', () => {
    const refused = {
      LASTMILE_GATEWAY_URL: 'sms.example.gov.cn',
      LASTMILE_GATEWAY_BODY: '{"to":"{{to}}","text":{{text}}}',
      LASTMILE_GATEWAY_ID_FIELD: 'data..id',
      LASTMILE_GATEWAY_TIMEOUT_MS: '0',
      LASTMILE_GATEWAY_INBOUND_TOKEN: 'short',
      LASTMILE_FAKE_GATEWAY: 'yes',
    };
    for (const [name, value] of Object.entries(refused)) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(new RegExp(`${name}:`));
    }
    expect(() =>
      loadConfig({ LASTMILE_FAKE_GATEWAY: '1', LASTMILE_GATEWAY_URL: 'http://127.0.0.1:9/send' }),
    ).toThrow(/LASTMILE_FAKE_GATEWAY: cannot be combined with LASTMILE_GATEWAY_URL/);
  });

  it('polls an upper warning feed only when one is configured', () => {
    expect(loadConfig({}).warningFeed).toBeNull();
    expect(
      loadConfig({ LASTMILE_WARNING_FEED_URL: 'https://feed.example.gov.cn/cap.atom', LASTMILE_WARNING_FEED_SECONDS: '30' })
        .warningFeed,
    ).toEqual({ url: 'https://feed.example.gov.cn/cap.atom', intervalMs: 30_000 });
    expect(() => loadConfig({ LASTMILE_WARNING_FEED_URL: 'feed.example.gov.cn' })).toThrow(/LASTMILE_WARNING_FEED_URL/);
    expect(() => loadConfig({ LASTMILE_WARNING_FEED_SECONDS: '1' })).toThrow(/LASTMILE_WARNING_FEED_SECONDS/);
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
