import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config';
import { startFakeGateway, type FakeGateway } from '../../dev/fake-gateway';
import {
  defaultGatewayBody,
  gatewayFromConfig,
  httpGateway,
  logGateway,
  type GatewayMessage,
  type HttpGatewayOptions,
} from './gateway';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

interface TinyServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A server that records each request and answers with `reply`, or never when it returns null. */
async function startTinyServer(
  reply: (request: Received) => { status: number; body: unknown } | null,
): Promise<TinyServer> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const entry: Received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      received.push(entry);
      const answer = reply(entry);
      if (answer) {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function fakeGateway(options?: Parameters<typeof startFakeGateway>[0]): Promise<FakeGateway> {
  const fake = await startFakeGateway(options);
  cleanups.push(() => fake.close());
  return fake;
}

async function tinyServer(reply: Parameters<typeof startTinyServer>[0]): Promise<TinyServer> {
  const server = await startTinyServer(reply);
  cleanups.push(() => server.close());
  return server;
}

function gatewayTo(url: string, options: Partial<HttpGatewayOptions> = {}) {
  return httpGateway({
    url,
    bodyTemplate: defaultGatewayBody,
    idField: 'messageId',
    timeoutMs: 2000,
    ...options,
  });
}

let sequence = 0;
function buildMessage(overrides: Partial<GatewayMessage> = {}): GatewayMessage {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    channel: 'sms',
    to: '13800000001',
    text: '【随县应急】暴雨橙色预警',
    ...overrides,
  };
}

describe('httpGateway', () => {
  it('sends every field, escaped, and returns the gateway id', async () => {
    const fake = await fakeGateway();
    const text = '【预警】山洪 "橙色"\n请立即转移 \\ {{to}} 撤离\t完毕';
    const message = buildMessage({ channel: 'voice', to: '13912345678', text });

    const result = await gatewayTo(fake.url).send(message);

    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      id: message.id,
      channel: 'voice',
      to: '13912345678',
      text,
    });
    expect(result).toEqual({ ok: true, gatewayId: fake.messages[0]!.gatewayId });
  });

  it('lets the gateway dedupe a repeated send by our id', async () => {
    const fake = await fakeGateway();
    const gateway = gatewayTo(fake.url);
    const message = buildMessage();

    const first = await gateway.send(message);
    const again = await gateway.send(message);
    const other = await gateway.send(buildMessage());

    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(fake.messages.map((sent) => sent.id)).toEqual([message.id, expect.any(String)]);
  });

  it('sends the token as a bearer authorization, and none without one', async () => {
    const server = await tinyServer(() => ({ status: 200, body: { messageId: 'm1' } }));

    await gatewayTo(server.url, { token: 's3cret' }).send(buildMessage());
    await gatewayTo(server.url).send(buildMessage());

    expect(server.received.map((request) => request.headers.authorization)).toEqual([
      'Bearer s3cret',
      undefined,
    ]);
    expect(server.received[0]).toMatchObject({ method: 'POST' });
    expect(server.received[0]!.headers['content-type']).toMatch(/^application\/json/);
  });

  it('fills a custom template and reads the id at a dot path', async () => {
    const server = await tinyServer(() => ({
      status: 200,
      body: { code: 0, data: { result: { messageId: 12345 } } },
    }));
    const gateway = gatewayTo(server.url, {
      bodyTemplate: '{"mobile":"{{to}}","content":"{{text}}","params":{"ref":"{{id}}"}}',
      idField: 'data.result.messageId',
    });
    const message = buildMessage({ text: 'a "b"' });

    const result = await gateway.send(message);

    expect(result).toEqual({ ok: true, gatewayId: '12345' });
    expect(server.received[0]!.body).toEqual({
      mobile: message.to,
      content: 'a "b"',
      params: { ref: message.id },
    });
  });

  it('refuses a 2xx answer without the id field, without retrying', async () => {
    const server = await tinyServer(() => ({ status: 200, body: { data: { id: 'x' } } }));

    const result = await gatewayTo(server.url, { idField: 'data.messageId' }).send(buildMessage());

    expect(result).toMatchObject({ ok: false, retry: false });
    expect(!result.ok && result.error).toContain('data.messageId');
  });

  it('does not retry what the gateway refused (4xx)', async () => {
    const fake = await fakeGateway();
    const gateway = gatewayTo(fake.url);
    fake.failNext(1, 400);

    const refused = await gateway.send(buildMessage());
    const next = await gateway.send(buildMessage());

    expect(refused).toMatchObject({ ok: false, retry: false });
    expect(!refused.ok && refused.error).toContain('400');
    expect(next.ok).toBe(true);
    expect(fake.messages).toHaveLength(1);
  });

  it('retries when the gateway fails or asks us to slow down (5xx, 429)', async () => {
    const fake = await fakeGateway();
    const gateway = gatewayTo(fake.url);
    const message = buildMessage();
    fake.failNext(2);

    const results = [await gateway.send(message), await gateway.send(message)];
    fake.failNext(1, 429);
    results.push(await gateway.send(message));
    const last = await gateway.send(message);

    for (const result of results) {
      expect(result).toMatchObject({ ok: false, retry: true });
    }
    expect(!results[0]!.ok && results[0]!.error).toContain('503');
    expect(last.ok).toBe(true);
    expect(fake.messages).toHaveLength(1);
  });

  it('gives up waiting after the timeout and retries', async () => {
    const silent = await tinyServer(() => null);

    const started = Date.now();
    const result = await gatewayTo(silent.url, { timeoutMs: 200 }).send(buildMessage());

    expect(result).toMatchObject({ ok: false, retry: true });
    expect(!result.ok && result.error).toContain('200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(silent.received).toHaveLength(1);
  });

  it('retries when the gateway cannot be reached', async () => {
    const gone = await startTinyServer(() => null);
    await gone.close();

    const result = await gatewayTo(gone.url).send(buildMessage());

    expect(result).toMatchObject({ ok: false, retry: true });
    expect(!result.ok && result.error).toContain('ECONNREFUSED');
  });

  it('refuses at construction a template that is not JSON once filled in', () => {
    const build = (bodyTemplate: string) => () =>
      gatewayTo('http://127.0.0.1:9/send', { bodyTemplate });

    expect(build('{"to":"{{to}}","text":{{text}}}')).toThrow(/not JSON/);
    expect(build('{"to":"{{to}}","text":"{{text}}"')).toThrow(/not JSON/);
    expect(build('{"text":"{{text}}"}')).toThrow(/\{\{to\}\}/);
    expect(build('{"to":"{{to}}","text":"{{text}}"}')).not.toThrow();
    expect(() => gatewayTo('ftp://127.0.0.1/send')).toThrow(/http\(s\)/);
  });
});

describe('logGateway and gatewayFromConfig', () => {
  it('writes the message to the log and calls it sent', async () => {
    const info = vi.fn();
    const message = buildMessage();

    const result = await logGateway({ info }).send(message);

    expect(result).toEqual({ ok: true, gatewayId: `log-${message.id}` });
    expect(info).toHaveBeenCalledWith({ gatewayMessage: message }, expect.any(String));
  });

  it('uses the HTTP gateway only when a URL is configured', async () => {
    const fake = await fakeGateway();
    const log = { info: vi.fn() };

    const fromDefaults = gatewayFromConfig(loadConfig({}), log);
    const configured = gatewayFromConfig(loadConfig({ LASTMILE_GATEWAY_URL: fake.url }), log);
    const result = await configured.send(buildMessage());

    expect(fromDefaults.name).toBe('log');
    expect(configured.name).toBe('http');
    expect(result).toEqual({ ok: true, gatewayId: fake.messages[0]!.gatewayId });
    expect(log.info).not.toHaveBeenCalled();
  });
});

describe('fake gateway', () => {
  const inboundToken = 'inbound-token-0123456789';

  it('posts replies and receipts to the inbound webhook with the token', async () => {
    const webhook = await tinyServer(() => ({ status: 200, body: { ok: true, reply: null } }));
    const fake = await fakeGateway({
      inboundUrl: `${webhook.url}api/v1/gateway/inbound`,
      inboundToken,
    });

    const replied = await fake.reply('13800000001', '1 收到');
    const receipted = await fake.receipt('fake-42', 'failed');

    expect([replied.status, receipted.status]).toEqual([200, 200]);
    expect(webhook.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/v1/gateway/inbound',
        body: { kind: 'reply', from: '13800000001', text: '1 收到' },
      }),
      expect.objectContaining({
        body: { kind: 'receipt', messageId: 'fake-42', status: 'failed' },
      }),
    ]);
    for (const request of webhook.received) {
      expect(request.headers['x-gateway-token']).toBe(inboundToken);
    }
  });

  it('posts a delivered receipt once for each new message with autoReceipt', async () => {
    const webhook = await tinyServer(() => ({ status: 200, body: { ok: true, reply: null } }));
    const fake = await fakeGateway({ inboundUrl: webhook.url, inboundToken, autoReceipt: true });
    const gateway = gatewayTo(fake.url);
    const message = buildMessage();

    const result = await gateway.send(message);
    await gateway.send(message);
    await fake.close();

    expect(result.ok).toBe(true);
    expect(webhook.received.map((request) => request.body)).toEqual([
      { kind: 'receipt', messageId: result.ok && result.gatewayId, status: 'delivered' },
    ]);
  });

  it('lists what it was sent at GET /messages', async () => {
    const fake = await fakeGateway();
    const message = buildMessage();
    await gatewayTo(fake.url).send(message);

    const response = await fetch(fake.url.replace(/\/send$/, '/messages'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      expect.objectContaining({ id: message.id, to: message.to, text: message.text }),
    ]);
  });
});
