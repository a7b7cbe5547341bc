/**
 * The SMS and voice gateway (短信/语音网关): how a warning reaches a phone when nobody answers in
 * the app. Each deployment uses whatever HTTP gateway its carrier or 融合通信 platform offers, so the
 * request body is a configured template and the gateway's message id is read from a configured
 * field. Without a gateway, messages only go to the log, so trials and tests need no provider.
 */
import type { Config } from '../../config';

/** One text message or voice call to send. */
export interface GatewayMessage {
  /** Our delivery id, the gateway's idempotency key: a retry after a crash must not send twice. */
  id: string;
  channel: 'sms' | 'voice';
  /** 11-digit mobile number. */
  to: string;
  /** The SMS text, or what the voice call reads out. */
  text: string;
}

/**
 * `retry`: whether sending the same message later may succeed (the gateway was down, slow or
 * busy) or not (it refused the message, or accepted it in a way we cannot track).
 */
export type GatewayResult =
  { ok: true; gatewayId: string } | { ok: false; error: string; retry: boolean };

export interface MessageGateway {
  readonly name: string;
  /** Never throws: every failure is a result. */
  send(message: GatewayMessage): Promise<GatewayResult>;
}

export interface HttpGatewayOptions {
  url: string;
  /** Sent as `authorization: Bearer <token>`. */
  token?: string;
  /** JSON with `{{id}}`, `{{channel}}`, `{{to}}` and `{{text}}` placed inside quotes. */
  bodyTemplate: string;
  /** Dot path of the gateway's message id in its JSON answer, e.g. `data.messageId`. */
  idField: string;
  timeoutMs: number;
}

export const defaultGatewayBody =
  '{"id":"{{id}}","channel":"{{channel}}","to":"{{to}}","text":"{{text}}"}';

/** The length of `warning_delivery.gateway_id`: receipts are matched on the whole id. */
const maxGatewayIdLength = 100;

const placeholder = /\{\{(id|channel|to|text)\}\}/g;

/** Fills the template in one pass, so a value that contains `{{to}}` is not filled again. */
function renderBody(template: string, message: GatewayMessage): string {
  return template.replace(placeholder, (_match, field: 'id' | 'channel' | 'to' | 'text') =>
    JSON.stringify(message[field]).slice(1, -1),
  );
}

const sampleMessage: GatewayMessage = {
  id: '00000000-0000-4000-8000-000000000000',
  channel: 'sms',
  to: '13800000000',
  text: '【预警】"引号" \\ 换行\n',
};

/** Why a body template cannot be used, or null when it can. */
export function bodyTemplateProblem(template: string): string | null {
  for (const required of ['{{to}}', '{{text}}']) {
    if (!template.includes(required)) {
      return `the gateway body template has no ${required}`;
    }
  }
  try {
    JSON.parse(renderBody(template, sampleMessage));
    return null;
  } catch {
    return 'the gateway body template is not JSON once filled in (put each {{placeholder}} inside quotes)';
  }
}

/** The value at a dot path of a JSON answer, if it is a usable id. */
function readId(answer: unknown, path: string): string | null {
  let value = answer;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) {
      return null;
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** Timeouts and unreachable gateways: fetch hides the useful part (ECONNREFUSED…) in `cause`. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `the gateway did not answer within ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const detail = cause?.code ?? cause?.message;
    return typeof detail === 'string' ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}

/** Worth sending again: the gateway failed, or asked us to wait (408, 429 Too Many Requests). */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * A gateway reached by POSTing the filled-in body template as JSON. Throws at construction if
 * the URL or template cannot work; afterwards every failure is a result.
 */
export function httpGateway(options: HttpGatewayOptions): MessageGateway {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the gateway URL must be http(s): ${options.url}`);
  }
  const problem = bodyTemplateProblem(options.bodyTemplate);
  if (problem) {
    throw new Error(`${problem}: ${options.bodyTemplate}`);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (options.token) {
    headers.authorization = `Bearer ${options.token}`;
  }

  return {
    name: 'http',
    async send(message) {
      let status: number;
      let text: string;
      try {
        // The signal also covers reading the body: a gateway that stalls midway is a timeout.
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: renderBody(options.bodyTemplate, message),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        // Retrying is safe even if the gateway got the message: it dedupes on our id.
        return { ok: false, error: describeFailure(error, options.timeoutMs), retry: true };
      }
      if (status < 200 || status > 299) {
        return {
          ok: false,
          error: `the gateway answered ${status}: ${excerpt(text)}`,
          retry: isRetryable(status),
        };
      }
      const gatewayId = readId(parseJson(text), options.idField);
      if (gatewayId === null) {
        return {
          ok: false,
          error: `the gateway answered ${status} without "${options.idField}": ${excerpt(text)}`,
          retry: false,
        };
      }
      if (gatewayId.length > maxGatewayIdLength) {
        return {
          ok: false,
          error: `the gateway's message id is longer than ${maxGatewayIdLength} characters: ${excerpt(gatewayId)}`,
          retry: false,
        };
      }
      return { ok: true, gatewayId };
    },
  };
}

/** The channel when no gateway is configured: each message is written to the log as if sent. */
export function logGateway(log: { info(obj: object, msg: string): void }): MessageGateway {
  return {
    name: 'log',
    async send(message) {
      log.info(
        { gatewayMessage: message },
        `${message.channel} not sent: no gateway configured (LASTMILE_GATEWAY_URL)`,
      );
      return { ok: true, gatewayId: `log-${message.id}` };
    },
  };
}

/** The HTTP gateway when LASTMILE_GATEWAY_URL is set, otherwise the log. */
export function gatewayFromConfig(
  config: Pick<Config, 'gateway'>,
  log: { info(obj: object, msg: string): void },
): MessageGateway {
  const { url, token, bodyTemplate, idField, timeoutMs } = config.gateway;
  if (!url) {
    return logGateway(log);
  }
  return httpGateway({ url, token: token ?? undefined, bodyTemplate, idField, timeoutMs });
}
