import path from 'node:path';
import { z } from 'zod';
import { defaultFieldOfflineDays } from '@lastmile/shared';
import { bodyTemplateProblem, defaultGatewayBody } from './modules/channels/gateway';

/**
 * The only reader of `process.env`. Every variable is listed in `.env.example` and the README.
 * Invalid values stop the process at start with a message naming the variable.
 */
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LASTMILE_REGION: z
    .string()
    .regex(/^(\d{2}|\d{6})$/, 'must be a 2-digit province code or a 6-digit county code')
    .default('421321'),
  LASTMILE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  LASTMILE_DEMO: booleanFlag,
  LASTMILE_WEB_DIR: z.string().optional(),
  LASTMILE_SESSION_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  /** How long the field app works offline after its last contact; also its session's length. */
  LASTMILE_FIELD_OFFLINE_DAYS: z.coerce.number().int().min(1).max(90).default(defaultFieldOfflineDays),
  LASTMILE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LASTMILE_SECURE_COOKIES: booleanFlag,
  LASTMILE_DUTY_HANDOVER: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour clock')
    .default('08:30'),
  LASTMILE_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*/, 'a tile URL template with {x}, {y} and {z}')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LASTMILE_MAP_LABEL_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*/, 'a tile URL template with {x}, {y} and {z}')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LASTMILE_MAP_SUBDOMAINS: z.string().regex(/^[a-z0-9]*$/).default('01234567'),
  LASTMILE_MAP_ATTRIBUTION: z.string().max(200).optional(),
  /** Where photos are kept (content-addressed); default `<DATA_DIR>/files`. */
  LASTMILE_FILES_DIR: z.string().min(1).optional(),
  /** The address the public reaches the site at, for the report QR code (e.g. https://yj.example.gov.cn). */
  LASTMILE_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** 举报 phone printed on the public report page (default 12350, the national line). */
  LASTMILE_REPORT_HOTLINE: z.string().max(32).default('12350'),
  /**
   * Which reverse proxies' X-Forwarded-For to believe: `true` (any), a number of proxy hops, or a
   * comma-separated list of proxy addresses or CIDR ranges. Unset: none, the peer is the client.
   */
  LASTMILE_TRUST_PROXY: z
    .string()
    .regex(
      /^(|true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      'true, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges',
    )
    .optional(),
  /** The SMS/voice gateway's send URL. Unset: messages are only written to the log. */
  LASTMILE_GATEWAY_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Sent to the gateway as `authorization: Bearer <token>`. */
  LASTMILE_GATEWAY_TOKEN: z.string().optional(),
  /** The request body: JSON with {{id}}, {{channel}}, {{to}} and {{text}} inside quotes. */
  LASTMILE_GATEWAY_BODY: z
    .string()
    .superRefine((template, ctx) => {
      const problem = bodyTemplateProblem(template);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .default(defaultGatewayBody),
  /** Dot path of the gateway's message id in its JSON answer. */
  LASTMILE_GATEWAY_ID_FIELD: z
    .string()
    .regex(/^[\w$-]+(\.[\w$-]+)*$/, 'a field name or dot path, e.g. data.messageId')
    .default('messageId'),
  LASTMILE_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /**
   * The secret the gateway sends as `x-gateway-token` on POST /api/v1/gateway/inbound (replies
   * and receipts). Unset: the webhook refuses everything.
   */
  LASTMILE_GATEWAY_INBOUND_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Start the fake gateway in-process on loopback and send to it: trials only. */
  LASTMILE_FAKE_GATEWAY: booleanFlag,
  /**
   * An upper platform's warning feed to poll: a URL answering one CAP / national-format warning,
   * or an Atom or RSS feed whose entries link to them.
   */
  LASTMILE_WARNING_FEED_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LASTMILE_WARNING_FEED_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
}).superRefine((env, ctx) => {
  // The fake would take the real gateway's place and silently send nothing.
  if (env.LASTMILE_FAKE_GATEWAY && env.LASTMILE_GATEWAY_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['LASTMILE_FAKE_GATEWAY'],
      message: 'cannot be combined with LASTMILE_GATEWAY_URL',
    });
  }
});

/** LASTMILE_TRUST_PROXY as Fastify's `trustProxy` option. */
function trustProxyOption(value: string | undefined): TrustProxy {
  if (!value || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  if (/^\d+$/.test(value)) {
    // The nearest `hops` addresses of the chain are proxies; the one beyond them is the client.
    const hops = Number(value);
    return (_address: string, hop: number) => hop < hops;
  }
  return value.split(',').map((address) => address.trim());
}

/** Fastify's `trustProxy`: nobody, anybody, these proxies, or the nearest `hops` of the chain. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  filesDir: string;
  /** Public base URL for QR codes; unset → taken from the request's host. */
  publicUrl: string | null;
  reportHotline: string;
  /**
   * Fastify's `trustProxy`: whose X-Forwarded-For gives the client's address (the public report
   * limit counts per address). false: nobody's.
   */
  trustProxy: TrustProxy;
  databaseUrl: string | undefined;
  /** The deployment's region: a 2-digit province or 6-digit county code. */
  region: string;
  adminPassword: string | undefined;
  demo: boolean;
  webDir: string | undefined;
  sessionTtlMs: number;
  /** The field app's offline period in days (its sessions last as long). */
  fieldOfflineDays: number;
  logLevel: z.infer<typeof envSchema>['LASTMILE_LOG_LEVEL'];
  secureCookies: boolean;
  /** When a day's duty shift starts and the previous one ends, Asia/Shanghai (交接班时间). */
  dutyHandoverTime: string;
  /** Base map tiles (e.g. 天地图 with the deployment's key); none → a blank background. */
  map: {
    tileUrl: string | null;
    labelTileUrl: string | null;
    subdomains: string;
    attribution: string | null;
  };
  /** The SMS/voice gateway (短信/语音网关). */
  gateway: {
    /** null: SMS and voice are only written to the log. */
    url: string | null;
    token: string | null;
    bodyTemplate: string;
    idField: string;
    timeoutMs: number;
    /** What the gateway must send as `x-gateway-token` on the inbound webhook; null: refuse all. */
    inboundToken: string | null;
    /** Start the fake gateway in-process (dev/fake-gateway.ts) and send to it. */
    fake: boolean;
  };
  /** The upper warning feed polled for new warnings; null: warnings arrive by upload only. */
  warningFeed: { url: string; intervalMs: number } | null;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    filesDir: path.resolve(e.LASTMILE_FILES_DIR ?? path.join(e.DATA_DIR, 'files')),
    publicUrl: e.LASTMILE_PUBLIC_URL?.replace(/\/$/, '') ?? null,
    reportHotline: e.LASTMILE_REPORT_HOTLINE,
    trustProxy: trustProxyOption(e.LASTMILE_TRUST_PROXY),
    databaseUrl: e.DATABASE_URL,
    region: e.LASTMILE_REGION,
    adminPassword: e.LASTMILE_ADMIN_PASSWORD,
    demo: e.LASTMILE_DEMO,
    webDir: e.LASTMILE_WEB_DIR,
    sessionTtlMs: e.LASTMILE_SESSION_HOURS * 3600_000,
    fieldOfflineDays: e.LASTMILE_FIELD_OFFLINE_DAYS,
    logLevel: e.LASTMILE_LOG_LEVEL,
    secureCookies: e.LASTMILE_SECURE_COOKIES,
    dutyHandoverTime: e.LASTMILE_DUTY_HANDOVER,
    map: {
      tileUrl: e.LASTMILE_MAP_TILE_URL ?? null,
      labelTileUrl: e.LASTMILE_MAP_LABEL_URL ?? null,
      subdomains: e.LASTMILE_MAP_SUBDOMAINS,
      attribution: e.LASTMILE_MAP_ATTRIBUTION ?? null,
    },
    gateway: {
      url: e.LASTMILE_GATEWAY_URL ?? null,
      token: e.LASTMILE_GATEWAY_TOKEN || null,
      bodyTemplate: e.LASTMILE_GATEWAY_BODY,
      idField: e.LASTMILE_GATEWAY_ID_FIELD,
      timeoutMs: e.LASTMILE_GATEWAY_TIMEOUT_MS,
      inboundToken: e.LASTMILE_GATEWAY_INBOUND_TOKEN ?? null,
      fake: e.LASTMILE_FAKE_GATEWAY,
    },
    warningFeed: e.LASTMILE_WARNING_FEED_URL
      ? { url: e.LASTMILE_WARNING_FEED_URL, intervalMs: e.LASTMILE_WARNING_FEED_SECONDS * 1000 }
      : null,
  };
}
