/**
 * A stand-in SMS/voice gateway for trials and tests: a real HTTP server on loopback that takes
 * the default body template, answers `{ messageId }` and keeps what it was sent. Like a real
 * gateway it dedupes on our message id, so a send retried after a crash is not sent twice. It
 * also plays the phone side, posting replies and delivery receipts to our inbound webhook.
 *
 * Standalone (`npm run gateway:fake -w apps/server`), it reads the server's configuration to
 * find the webhook and its token, and prints the URL to set as LASTMILE_GATEWAY_URL.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';

export interface FakeMessage {
  id: string;
  channel: string;
  to: string;
  text: string;
  gatewayId: string;
  receivedAt: Date;
}

export interface FakeGateway {
  /** The send URL, for LASTMILE_GATEWAY_URL. */
  url: string;
  /** Every message sent, once each, oldest first. */
  messages: FakeMessage[];
  /** Waits for pending automatic receipts, then stops; calling it again is harmless. */
  close(): Promise<void>;
  /** Posts a reply from a phone to the inbound webhook. */
  reply(from: string, text: string): Promise<Response>;
  /** Posts a delivery receipt to the inbound webhook. */
  receipt(gatewayId: string, status: 'delivered' | 'failed'): Promise<Response>;
  /** Makes the next `count` sends fail with `status` (default 503), recording nothing. */
  failNext(count: number, status?: number): void;
}

export interface FakeGatewayOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Our webhook, POST /api/v1/gateway/inbound. */
  inboundUrl?: string;
  /** Sent as `x-gateway-token`. */
  inboundToken?: string;
  /** Post a `delivered` receipt shortly after each new message. */
  autoReceipt?: boolean;
}

/** Real receipts come seconds later; the pause also lets the sender store the gateway id first. */
const autoReceiptDelayMs = 200;
const maxBodyBytes = 64 * 1024;
const inboundTimeoutMs = 10_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      throw new HttpError(413, 'body too large');
    }
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body is not a JSON object');
  }
  return body as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw new HttpError(400, `${name} must be a non-empty string`);
  }
  return value;
}

/** fetch hides why it failed (ECONNREFUSED…) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** Starts the fake gateway on 127.0.0.1. */
export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const messages: FakeMessage[] = [];
  const byId = new Map<string, FakeMessage>();
  const failures = { remaining: 0, status: 503 };
  const pendingReceipts = new Set<Promise<void>>();

  async function postInbound(body: object): Promise<Response> {
    if (!options.inboundUrl) {
      throw new Error('the fake gateway was started without an inboundUrl');
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.inboundToken) {
      headers['x-gateway-token'] = options.inboundToken;
    }
    return fetch(options.inboundUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(inboundTimeoutMs),
    });
  }

  const reply = (from: string, text: string) => postInbound({ kind: 'reply', from, text });
  const receipt = (gatewayId: string, status: 'delivered' | 'failed') =>
    postInbound({ kind: 'receipt', messageId: gatewayId, status });

  function sendAutoReceipt(gatewayId: string): void {
    const sent = new Promise((resolve) => setTimeout(resolve, autoReceiptDelayMs))
      .then(() => receipt(gatewayId, 'delivered'))
      .then(async (response) => {
        if (!response.ok) {
          console.warn(`fake gateway: receipt for ${gatewayId} answered ${response.status}`);
        }
        await response.body?.cancel();
      })
      .catch((error: unknown) =>
        console.warn(`fake gateway: receipt for ${gatewayId} failed: ${describeError(error)}`),
      )
      .finally(() => pendingReceipts.delete(sent));
    pendingReceipts.add(sent);
  }

  function send(body: Record<string, unknown>): FakeMessage {
    const id = stringField(body, 'id');
    const known = byId.get(id);
    if (known) {
      return known;
    }
    const message: FakeMessage = {
      id,
      channel: stringField(body, 'channel'),
      to: stringField(body, 'to'),
      text: stringField(body, 'text'),
      gatewayId: `fake-${randomUUID()}`,
      receivedAt: new Date(),
    };
    byId.set(id, message);
    messages.push(message);
    if (options.autoReceipt && options.inboundUrl) {
      sendAutoReceipt(message.gatewayId);
    }
    return message;
  }

  async function forward(response: Response): Promise<{ status: number; body: unknown }> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: pass the text on as it is
    }
    return { status: response.status, body };
  }

  async function handle(request: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://fake').pathname}`;
    switch (route) {
      case 'POST /send': {
        const body = await readJson(request);
        if (failures.remaining > 0) {
          failures.remaining -= 1;
          return { status: failures.status, body: { error: 'fake failure' } };
        }
        return { status: 200, body: { messageId: send(body).gatewayId } };
      }
      case 'GET /messages':
        return { status: 200, body: messages };
      // For manual trials: play a phone replying, or the carrier reporting.
      case 'POST /reply': {
        const body = await readJson(request);
        return forward(await reply(stringField(body, 'from'), stringField(body, 'text')));
      }
      case 'POST /receipt': {
        const body = await readJson(request);
        const status = body.status === 'failed' ? 'failed' : 'delivered';
        return forward(await receipt(stringField(body, 'messageId'), status));
      }
      default:
        return { status: 404, body: { error: `no route ${route}` } };
    }
  }

  const server = http.createServer((request, response) => {
    handle(request).then(
      (result) => answer(response, result.status, result.body),
      (error: unknown) =>
        error instanceof HttpError
          ? answer(response, error.status, { error: error.message })
          : answer(response, 500, { error: describeError(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/send`,
    messages,
    reply,
    receipt,
    failNext(count, status = 503) {
      failures.remaining = count;
      failures.status = status;
    },
    close() {
      closing ??= (async () => {
        await Promise.all(pendingReceipts);
        // Clients keep connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
      })();
      return closing;
    },
  };
}

/** `npm run gateway:fake -w apps/server [-- --port 8090 --inbound <url>]` */
async function runStandalone(): Promise<void> {
  const config = loadConfig();
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, inbound: { type: 'string' } },
  });
  const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const serverHost = host.includes(':') ? `[${host}]` : host;
  const inboundUrl = values.inbound ?? `http://${serverHost}:${config.port}/api/v1/gateway/inbound`;
  const fake = await startFakeGateway({
    port: Number(values.port),
    inboundUrl,
    inboundToken: config.gateway.inboundToken ?? undefined,
    autoReceipt: true,
  });
  const base = fake.url.replace(/\/send$/, '');
  console.log(
    [
      `fake gateway: LASTMILE_GATEWAY_URL=${fake.url}`,
      `  replies and receipts go to ${inboundUrl}` +
        (config.gateway.inboundToken ? '' : ' (LASTMILE_GATEWAY_INBOUND_TOKEN unset: refused)'),
      `  sent messages: curl ${base}/messages`,
      `  reply: curl -d '{"from":"13800000000","text":"1"}' ${base}/reply`,
    ].join('\n'),
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Checked by file name, not import.meta.url: bundled into the server's main.js, the two match.
if (/fake-gateway\.[cm]?[jt]s$/.test(path.basename(process.argv[1] ?? ''))) {
  runStandalone().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
