/**
 * R3 hostile input: every operation in /api/openapi.json gets property-based requests built from
 * its own documented schemas (shaped values that reach the services, and junk that should not),
 * as the county admin, a grid worker and nobody; then fixed hostile cases: oversize bodies, bad
 * encodings and content types, path traversal in upload names and zip entries, hostile XML on
 * the CAP ingest. The claim: no response is ever ≥ 500, and every 4xx carries a stable code and
 * a message. Reproduce with LASTMILE_FUZZ_SEED; run more with LASTMILE_FUZZ_RUNS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, xlsxMediaType } from '@lastmile/shared';
import { queryRows } from '../db/client';
import { demoPassword, seedDemo } from '../db/seed/demo';
import {
  anyJunk,
  asParameterText,
  hostileStrings,
  junkValue,
  schemaValue,
  type GenerationContext,
  type JsonSchema,
} from './arbitraries';
import {
  adminPassword,
  buildTestApp,
  buildUser,
  type TestApp,
  type TestClient,
} from './build-test-app';
import { national, redRainstorm } from './warning-samples';

const seed = Number(process.env.LASTMILE_FUZZ_SEED ?? 20_261_203);
const runs = Math.max(1, Number(process.env.LASTMILE_FUZZ_RUNS ?? 10));
/** Longest a single request may take before it counts as a hang. */
const hangMs = 15_000;

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { contentTypes: string[]; schema: JsonSchema };
}

interface GeneratedRequest {
  method: InjectOptions['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  mode: 'shaped' | 'mutated' | 'junk';
}

type Caller = 'admin' | 'worker' | 'anonymous';

/** Where each generated request went wrong; empty at the end, or the test fails listing them. */
const problems: string[] = [];
const statusCounts = new Map<number, number>();
let generatedRequests = 0;
/** Operations whose generated requests got past validation to a 2xx at least once. */
const reachedService = new Set<string>();
let fixedCases = 0;

const outerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-hostile-'));
const filesDir = path.join(outerDir, 'files');
fs.mkdirSync(filesDir);

let t: TestApp;
let admin: TestClient;
let worker: TestClient;
let logoutClient: TestClient;
let operations: Operation[] = [];
let context: GenerationContext;
let serverAddress: string;

/** Ids of the records the seed made, by table; the two signed-in users are left out. */
const idsByTable = new Map<string, string[]>();
/** Real values for properties named like the pattern. */
const knownStrings: [RegExp, string[]][] = [];

const tables = [
  'grid',
  'person',
  'post',
  'expert',
  'unit',
  'hazard_source',
  'risk_point',
  'attachment',
  'hazard',
  'summons',
  'notification',
  'inspection',
  'random_draw',
  'public_report',
  'warning',
  'warning_task',
  'household',
  'patrol',
  'app_user',
];

/** Which table a parameter or property name most likely points into. */
function tableOf(name: string): string | undefined {
  const key = name.toLowerCase().replace(/[^a-z]/g, '');
  const rules: [RegExp, string][] = [
    [/hazardsource/, 'hazard_source'],
    [/riskpoint/, 'risk_point'],
    [/person|people|leader|staff|responsible/, 'person'],
    [/grid/, 'grid'],
    [/post/, 'post'],
    [/expert/, 'expert'],
    [/unit/, 'unit'],
    [/photo|attachment/, 'attachment'],
    [/summons/, 'summons'],
    [/notification/, 'notification'],
    [/inspection/, 'inspection'],
    [/draw/, 'random_draw'],
    [/publicreport|report/, 'public_report'],
    [/warning/, 'warning'],
    [/task/, 'warning_task'],
    [/household/, 'household'],
    [/patrol/, 'patrol'],
    [/hazard|merge|duplicate/, 'hazard'],
    [/user|users/, 'app_user'],
    [/card/, 'person'],
  ];
  return rules.find(([pattern]) => pattern.test(key))?.[1];
}

function idsFor(name: string): readonly string[] {
  const table = tableOf(name);
  if (table) {
    return idsByTable.get(table) ?? [];
  }
  return [...idsByTable.values()].flat();
}

function operationsOf(spec: {
  paths: Record<
    string,
    Record<
      string,
      Omit<Operation, 'method' | 'path' | 'body'> & {
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}): Operation[] {
  return Object.entries(spec.paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      return {
        method: method.toUpperCase(),
        path: route,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        body:
          contentTypes.length > 0
            ? { contentTypes, schema: content[contentTypes[0]!]!.schema ?? {} }
            : undefined,
      };
    }),
  );
}

/** Percent-encodes text; a lone surrogate goes as the bytes Node would send for it (U+FFFD). */
function encodeText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')]
      .map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)
      .join('');
  }
}

/** Path segments that are not what a router expects: traversal, bad escapes, overlong. */
const hostileSegments = fc.constantFrom(
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '%E0%A4%A',
  '%00',
  '%C0%AE%C0%AE',
  encodeURIComponent('\u0000'),
  'x'.repeat(300),
  encodeURIComponent('隐患'.repeat(50)),
  '%F0%9F%92%A9',
  '-1',
  'null',
);

const rawQueryJunk = fc.constantFrom(
  '__proto__[isAdmin]=1',
  'constructor[prototype][isAdmin]=1',
  '__proto__=x',
  'a=%E0%A4%A',
  'limit=1e400',
  'offset=-0',
  '%00=%00',
  `q=${'%27'.repeat(200)}`,
  'regionCode=42&regionCode=43',
  'limit[]=1',
  '&&&==',
);

/** Random bytes that claim to be one of the operation's non-JSON media types. */
const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(...hostileStrings).map((text) => Buffer.from(text)),
  fc.constant(Buffer.from('PK\u0003\u0004garbage')),
  fc.constant(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])),
);

function requestArbitrary(
  op: Operation,
  mode: GeneratedRequest['mode'],
): fc.Arbitrary<GeneratedRequest> {
  const junkWeight = mode === 'mutated' ? 2 : 0;
  const segments = op.path.split('/');
  const pathParams = op.parameters.filter((parameter) => parameter.in === 'path');
  const queryParams = op.parameters.filter((parameter) => parameter.in === 'query');

  const pathValues = fc.tuple(
    ...pathParams.map((parameter) => {
      // `/org/grids/{id}`: the segment before names the table the id belongs to.
      const before = segments[segments.indexOf(`{${parameter.name}}`) - 1] ?? '';
      const name = parameter.name === 'id' ? before : parameter.name;
      const shaped = schemaValue(parameter.schema, context, { junkWeight }, name).map((value) =>
        encodeText(String(asParameterText(value))),
      );
      if (mode !== 'junk') {
        return shaped;
      }
      return fc.oneof(
        hostileSegments,
        junkValue(parameter.schema).map((value) => encodeText(String(asParameterText(value)))),
      );
    }),
  );

  const queryValues = fc.tuple(
    ...queryParams.map((parameter) => {
      const value =
        mode === 'junk'
          ? junkValue(parameter.schema)
          : schemaValue(parameter.schema, context, { junkWeight }, parameter.name);
      const present = parameter.required ? fc.constant(true) : fc.boolean();
      return fc.tuple(present, value).map(([isPresent, v]) =>
        isPresent
          ? [asParameterText(v)]
              .flat()
              .map((text) => `${encodeText(parameter.name)}=${encodeText(text)}`)
              .join('&')
          : '',
      );
    }),
  );
  const extraQuery = mode === 'junk' ? fc.option(rawQueryJunk, { nil: '' }) : fc.constant('');

  let body: fc.Arbitrary<{ type?: string; payload?: string | Buffer }> = fc.constant({});
  if (op.body) {
    const { contentTypes, schema } = op.body;
    const isJson = contentTypes.includes('application/json');
    const isOpen = Object.keys(schema).length === 0;
    const jsonValue =
      mode === 'junk'
        ? fc.oneof(junkValue(schema), anyJunk)
        : schemaValue(schema, context, { junkWeight }, op.operationId);
    const json = jsonValue.map((value) => ({
      type: 'application/json',
      payload: value === undefined ? '' : JSON.stringify(value),
    }));
    // Raw uploads (photos, .xlsx, XML): bytes labelled with a type the route takes.
    const rawTypes = isJson
      ? isOpen
        ? [xlsxMediaType, 'application/octet-stream']
        : []
      : contentTypes;
    const raw =
      rawTypes.length > 0
        ? fc
            .tuple(fc.constantFrom(...rawTypes), rawBytes)
            .map(([type, payload]) => ({ type, payload }))
        : undefined;
    body = raw && isJson ? fc.oneof(json, raw) : (raw ?? json);
  } else if (op.method !== 'GET' && mode === 'junk') {
    // An operation that takes no body gets one anyway.
    body = anyJunk.map((value) => ({
      type: 'application/json',
      payload: JSON.stringify(value) ?? '',
    }));
  }

  return fc
    .tuple(pathValues, queryValues, extraQuery, body)
    .map(([pathParts, queryParts, extra, requestBody]) => {
      let url = `${op.path}`;
      pathParams.forEach((parameter, index) => {
        url = url.replace(`{${parameter.name}}`, pathParts[index]!);
      });
      const query = [...queryParts, extra].filter(Boolean).join('&');
      const headers: Record<string, string> = {};
      if (requestBody.type) {
        headers['content-type'] = requestBody.type;
      }
      return {
        method: op.method,
        url: query ? `${url}?${query}` : url,
        headers,
        payload: requestBody.payload,
        mode,
      };
    });
}

/** A small hash, so each operation has its own reproducible seed. */
function seedOf(text: string): number {
  let hash = seed;
  for (const char of text) {
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  }
  return hash;
}

function sampleRequests(op: Operation, count: number, salt: string): GeneratedRequest[] {
  const mixed = fc.oneof(
    { arbitrary: requestArbitrary(op, 'shaped'), weight: 5 },
    { arbitrary: requestArbitrary(op, 'mutated'), weight: 3 },
    { arbitrary: requestArbitrary(op, 'junk'), weight: 2 },
  );
  return fc.sample(mixed, { seed: seedOf(`${op.operationId}:${salt}`), numRuns: count });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${hangMs} ms: ${what}`)), hangMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeRequest(request: {
  method?: string;
  url: string;
  payload?: string | Buffer;
}): string {
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? ` <${request.payload.length} bytes>`
        : ` ${request.payload.length > 600 ? `${request.payload.slice(0, 600)}…(${request.payload.length} chars)` : request.payload}`;
  return `${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url}${payload}`;
}

/** What the checks need of a response, whether injected or read over HTTP. */
interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** The contract every answer keeps: below 500; a 4xx says a stable code and a message. */
function check(where: string, response: Answer): void {
  statusCounts.set(response.statusCode, (statusCounts.get(response.statusCode) ?? 0) + 1);
  const snippet = response.body.slice(0, 300);
  if (response.statusCode >= 500) {
    problems.push(`${response.statusCode} ${snippet} ← ${where}`);
    return;
  }
  const contentType = response.headers['content-type'];
  const type = typeof contentType === 'string' ? contentType : '';
  if (response.statusCode >= 400) {
    let body: { code?: unknown; message?: unknown } | undefined;
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      problems.push(`${response.statusCode} not JSON: ${snippet} ← ${where}`);
      return;
    }
    const code = typeof body?.code === 'string' ? body.code : '';
    if (!/^[A-Z][A-Z_]+$/.test(code) || !(errorCodes as readonly string[]).includes(code)) {
      problems.push(`${response.statusCode} unstable code: ${snippet} ← ${where}`);
    } else if (typeof body?.message !== 'string' || body.message.trim() === '') {
      problems.push(`${response.statusCode} no message: ${snippet} ← ${where}`);
    }
    return;
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    if (type.includes('json')) {
      try {
        JSON.parse(response.body);
      } catch {
        problems.push(`${response.statusCode} JSON that does not parse: ${snippet} ← ${where}`);
      }
    } else if (response.statusCode !== 204 && response.body.length === 0) {
      problems.push(`${where} → ${response.statusCode} empty ${type} body`);
    }
  }
}

async function send(caller: Caller, request: GeneratedRequest): Promise<LightMyRequestResponse> {
  const options: InjectOptions = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  };
  if (caller === 'anonymous') {
    return t.app.inject(options);
  }
  const client = request.url.startsWith('/api/v1/auth/logout')
    ? logoutClient
    : caller === 'admin'
      ? admin
      : worker;
  return client.request(options);
}

/** The live coverage board is a never-ending event stream: read its head over HTTP, then hang up. */
async function sendStream(caller: Caller, request: GeneratedRequest): Promise<Answer> {
  const client = caller === 'admin' ? admin : caller === 'worker' ? worker : undefined;
  const abort = new AbortController();
  const response = await fetch(`${serverAddress}${request.url}`, {
    headers: client ? { cookie: client.cookie } : {},
    signal: abort.signal,
  });
  let body = '';
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    const reader = response.body!.getReader();
    const first = await reader.read();
    body = Buffer.from(first.value ?? new Uint8Array()).toString('utf8');
    abort.abort();
  } else {
    body = await response.text();
  }
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body };
}

async function fuzzOperation(op: Operation, caller: Caller, count: number) {
  for (const request of sampleRequests(op, count, caller)) {
    generatedRequests += 1;
    const where = `[${caller} ${op.operationId} ${request.mode}] ${describeRequest(request)}`;
    try {
      const response = await withTimeout<Answer>(
        op.operationId === 'streamWarningCoverage'
          ? sendStream(caller, request)
          : send(caller, request),
        where,
      );
      if (process.env.LASTMILE_FUZZ_VERBOSE === '2') {
        console.log(`${where}\n  → ${response.statusCode} ${response.body.slice(0, 400)}`);
      }
      const before = problems.length;
      check(where, response);
      if (response.statusCode < 300) {
        reachedService.add(op.operationId);
      }
      if (problems.length > before && process.env.LASTMILE_FUZZ_DUMP) {
        // The whole request, to replay it: problem lines are cut short.
        fs.appendFileSync(
          process.env.LASTMILE_FUZZ_DUMP,
          `${JSON.stringify({ caller, ...request, payload: request.payload?.toString() })}\n`,
        );
      }
    } catch (error) {
      problems.push(`threw ${(error as Error).message} ← ${where}`);
    }
  }
}

/**
 * A stored-entries zip (no compression) whose entry names are written as given: enough to carry
 * hostile names (`../`, absolute paths) into an importer.
 */
function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  return Buffer.from(
    zipSync(Object.fromEntries(entries.map((entry) => [entry.name, entry.data])), { level: 0 }),
  );
}

/** Every file below `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

beforeAll(async () => {
  t = await buildTestApp({ config: { filesDir } });
  await seedDemo(t.database.db, '421321');
  admin = await t.signIn('admin', adminPassword);
  worker = await t.signIn('grid.worker', demoPassword);
  const leaving = await buildUser(t.database, { role: 'grid_worker', scope: '421321' });
  logoutClient = await t.signIn(leaving.username);
  serverAddress = await t.app.listen({ port: 0, host: '127.0.0.1' });

  // One stored photo, so attachment ids that exist are in the pool.
  const png = await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();
  const upload = await admin.request({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { 'content-type': 'image/png' },
    payload: png,
  });
  expect(upload.statusCode).toBe(201);

  for (const table of tables) {
    const rows = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from ${sql.identifier(table)} order by id limit 40`,
    );
    const protectedIds = new Set([admin.userId, worker.userId]);
    idsByTable.set(
      table,
      rows.map((row) => row.id).filter((id) => !protectedIds.has(id)),
    );
  }
  // Values whose rules a JSON Schema cannot say (a refine, a check digit, a settings table):
  // real ones, so that shaped requests get past validation to the service.
  const column = async (query: ReturnType<typeof sql>) =>
    (await queryRows<{ value: string | null }>(t.database.db, query))
      .map((row) => row.value)
      .filter((value): value is string => Boolean(value));
  knownStrings.push(
    [/^(mobile|phone|.*Phone)$/, ['13800138000', '+86 139 0722 0001', '0722-4321234', '12345']],
    [/^landline$/, ['0722-4321234', '(0722)8123456']],
    [
      /^creditCode$/,
      [...(await column(sql`select credit_code as value from unit limit 5`)), '91421321MA4F0XXXXX'],
    ],
    [/^category$/, await column(sql`select distinct category as value from unit limit 10`)],
    [/department/i, await column(sql`select distinct department as value from app_user limit 5`)],
  );
  const receipts = await queryRows<{ code: string }>(
    t.database.db,
    sql`select receipt_code as code from public_report`,
  );
  knownStrings.push([/^receiptCode$/, receipts.map((row) => row.code)]);
  const regions = await queryRows<{ code: string }>(
    t.database.db,
    sql`select code from region order by random() limit 60`,
  );
  const workerScope = await queryRows<{ code: string }>(
    t.database.db,
    sql`select scope_region_code as code from app_user where id = ${worker.userId}`,
  );
  context = {
    idsFor,
    regionCodes: [
      ...new Set([
        '421321',
        '421321000000',
        ...workerScope.map((row) => row.code),
        ...regions.map((row) => row.code),
        // The same places as short prefixes (township 9 digits), as users type them.
        ...regions.slice(0, 10).map((row) => row.code.slice(0, 9)),
        // Codes that exist nowhere, or belong to another county.
        '110101000000',
        '420100',
        '42',
        '4213',
        '999999999999',
        '000000000000',
      ]),
    ],
    stringsFor: (name) => knownStrings.find(([pattern]) => pattern.test(name))?.[1] ?? [],
  };

  const spec = await admin.get('/api/openapi.json');
  operations = operationsOf(spec.json());
  console.log(
    `hostile input: seed ${seed} (LASTMILE_FUZZ_SEED), ${runs} runs per operation (LASTMILE_FUZZ_RUNS), ${operations.length} operations`,
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
  fs.rmSync(outerDir, { recursive: true, force: true });
});

describe('every operation, property-based', () => {
  it('answers generated requests below 500, with a stable code on every 4xx', async () => {
    expect(operations.length).toBeGreaterThan(100);
    const started = Date.now();
    const slow: string[] = [];
    const only = process.env.LASTMILE_FUZZ_ONLY?.split(',');
    for (const op of operations.filter(
      (candidate) => !only || only.includes(candidate.operationId),
    )) {
      const opStarted = Date.now();
      await fuzzOperation(op, 'admin', runs);
      await fuzzOperation(op, 'worker', Math.ceil(runs / 3));
      await fuzzOperation(op, 'anonymous', 1);
      const took = Date.now() - opStarted;
      if (process.env.LASTMILE_FUZZ_VERBOSE) {
        console.log(`${op.operationId} ${took} ms`);
      }
      if (took > 2000) {
        slow.push(`${op.operationId} ${took} ms`);
      }
    }
    const neverSucceeded = operations
      .map((op) => op.operationId)
      .filter((id) => !reachedService.has(id));
    if (process.env.LASTMILE_FUZZ_VERBOSE) {
      console.log(`no 2xx for: ${neverSucceeded.join(', ')}`);
    }
    const statuses = [...statusCounts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      `fuzz: ${generatedRequests} requests over ${operations.length} operations in ${Date.now() - started} ms; statuses ${statuses}${slow.length > 0 ? `; slow: ${slow.join(', ')}` : ''}`,
    );
    expect(problems, problems.join('\n')).toEqual([]);
  }, 600_000);
});

describe('fixed hostile cases', () => {
  /** Sends one fixed case as the admin and holds it to the contract; answers the response. */
  async function hostile(name: string, options: InjectOptions, client: TestClient = admin) {
    fixedCases += 1;
    if (process.env.LASTMILE_FUZZ_VERBOSE) {
      console.log(`fixed: ${name}`);
    }
    const started = Date.now();
    const response = await withTimeout(client.request(options), name);
    const took = Date.now() - started;
    check(
      `[fixed ${name}] ${describeRequest({ method: options.method, url: typeof options.url === 'string' ? options.url : '' })}`,
      response,
    );
    expect(response.statusCode, `${name}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
    return {
      response,
      took,
      code: response.statusCode >= 400 ? response.json<{ code: string }>().code : undefined,
    };
  }

  it('refuses bodies above the limits with 413 PAYLOAD_TOO_LARGE', async () => {
    const cases: [string, string, string, Buffer][] = [
      [
        'json 2 MB',
        '/api/v1/users',
        'application/json',
        Buffer.from(JSON.stringify({ username: 'a'.repeat(2 * 1024 * 1024) })),
      ],
      [
        'sync push 5 MB',
        '/api/v1/sync/push',
        'application/json',
        Buffer.from(JSON.stringify({ deviceId: 'x', pad: 'p'.repeat(5 * 1024 * 1024) })),
      ],
      ['photo 11 MB', '/api/v1/attachments', 'image/jpeg', Buffer.alloc(11 * 1024 * 1024, 0xff)],
      ['xlsx 11 MB', '/api/v1/org/import', xlsxMediaType, Buffer.alloc(11 * 1024 * 1024, 0x50)],
      [
        'ledger xlsx 11 MB',
        '/api/v1/ledgers/import?dryRun=true',
        'application/octet-stream',
        Buffer.alloc(11 * 1024 * 1024, 0x50),
      ],
      [
        'CAP XML 3 MB',
        '/api/v1/warnings/ingest',
        'application/xml',
        Buffer.from(`<alert>${'x'.repeat(3 * 1024 * 1024)}</alert>`),
      ],
      [
        'public report 23 MB',
        '/api/v1/public/reports',
        'application/json',
        Buffer.from(JSON.stringify({ description: 'z'.repeat(23 * 1024 * 1024) })),
      ],
    ];
    for (const [name, url, type, payload] of cases) {
      const { response, code } = await hostile(name, {
        method: 'POST',
        url,
        headers: { 'content-type': type },
        payload,
      });
      expect(response.statusCode, name).toBe(413);
      expect(code, name).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('refuses broken encodings, wrong content types, BOMs and huge numbers with 4xx codes', async () => {
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"username":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('","password":"x"}'),
    ]);
    const cases: [string, InjectOptions][] = [
      [
        'invalid UTF-8 in JSON',
        {
          method: 'POST',
          url: '/api/v1/users',
          headers: { 'content-type': 'application/json' },
          payload: invalidUtf8,
        },
      ],
      [
        'invalid UTF-8 at login',
        {
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: invalidUtf8,
        },
      ],
      [
        'UTF-16 JSON',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json; charset=utf-16le' },
          payload: Buffer.from('{"name":"x"}', 'utf16le'),
        },
      ],
      [
        'latin1 charset',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json; charset=latin1' },
          payload: '{"name":"x"}',
        },
      ],
      [
        'JSON with a BOM',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json' },
          payload: '\ufeff{"name":"x"}',
        },
      ],
      [
        'text/plain',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'text/plain' },
          payload: '{"name":"x"}',
        },
      ],
      [
        'form-urlencoded',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'name=x',
        },
      ],
      [
        'no content type',
        { method: 'POST', url: '/api/v1/org/grids', payload: Buffer.from('{"name":"x"}') },
      ],
      [
        'empty content type',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': '' },
          payload: '{"name":"x"}',
        },
      ],
      [
        'odd content type',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json/../../xml; boundary=;;' },
          payload: '{}',
        },
      ],
      [
        'JSON sent as XML',
        {
          method: 'POST',
          url: '/api/v1/warnings/ingest',
          headers: { 'content-type': 'application/xml' },
          payload: '{"identifier":"x"}',
        },
      ],
      [
        'XML sent as JSON',
        {
          method: 'POST',
          url: '/api/v1/warnings/ingest',
          headers: { 'content-type': 'application/json' },
          payload: '"<alert/>"',
        },
      ],
      [
        'empty JSON body',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json' },
          payload: '',
        },
      ],
      [
        'truncated JSON',
        {
          method: 'POST',
          url: '/api/v1/sync/push',
          headers: { 'content-type': 'application/json' },
          payload: '{"deviceId":"a","commands":[{',
        },
      ],
      [
        'prototype poisoning',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json' },
          payload: '{"__proto__":{"isAdmin":true},"name":"x"}',
        },
      ],
      [
        'constructor poisoning',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json' },
          payload: '{"constructor":{"prototype":{"isAdmin":true}}}',
        },
      ],
      [
        'huge number in body',
        {
          method: 'POST',
          url: '/api/v1/org/grids',
          headers: { 'content-type': 'application/json' },
          payload: `{"name":"x","regionCode":"421321","households":1${'0'.repeat(400)},"residents":1e400}`,
        },
      ],
      [
        'huge integer in query',
        { method: 'GET', url: `/api/v1/hazards?limit=1${'0'.repeat(400)}&offset=1e400` },
      ],
      [
        'negative zero and hex in query',
        { method: 'GET', url: '/api/v1/units?limit=-0&offset=0x10' },
      ],
      [
        'deep JSON',
        {
          method: 'POST',
          url: '/api/v1/sync/push',
          headers: { 'content-type': 'application/json' },
          payload: `{"deviceId":"a","sentAt":"2026-01-01T00:00:00Z","commands":[{"id":"00000000-0000-4000-8000-000000000001","kind":"patrol.start","at":"2026-01-01T00:00:00Z","payload":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}]}`,
        },
      ],
      [
        'NUL in JSON strings',
        {
          method: 'POST',
          url: '/api/v1/org/experts',
          headers: { 'content-type': 'application/json' },
          payload:
            '{"name":"a\\u0000b","sector":"other","specialty":"\\u0000","mobile":"13800000000"}',
        },
      ],
      [
        'lone surrogate',
        {
          method: 'POST',
          url: '/api/v1/public/reports',
          headers: { 'content-type': 'application/json' },
          payload: '{"regionCode":"421321","description":"\\ud800\\udc00\\ud800"}',
        },
      ],
      ['bad percent-encoding', { method: 'GET', url: '/api/v1/hazards?q=%E0%A4%A&regionCode=%ZZ' }],
      ['overlong path parameter', { method: 'GET', url: `/api/v1/hazards/${'a'.repeat(5000)}` }],
      [
        'traversal in path parameter',
        { method: 'GET', url: '/api/v1/attachments/..%2F..%2F..%2Fetc%2Fpasswd' },
      ],
      [
        'huge header',
        {
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { 'accept-language': 'zh;q=0.9,'.repeat(5000) },
        },
      ],
    ];
    for (const [name, options] of cases) {
      const { response } = await hostile(name, options);
      expect(response.statusCode, `${name}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(
        200,
      );
      expect(response.body, name).not.toMatch(/root:.*:0:0:/);
    }
  });

  it('writes uploads only into the files folder, whatever the file names say', async () => {
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } },
    })
      .png()
      .toBuffer();
    const names = [
      '../../etc/passwd',
      '..\\..\\x',
      'a\u0000b.png',
      `${'n'.repeat(5000)}.png`,
      '/etc/shadow',
      'C:\\Windows\\x.png',
      '%2e%2e%2fx',
    ];
    const uploadRoutes: [string, string, Buffer][] = [
      ['/api/v1/attachments', 'image/png', png],
      ['/api/v1/org/import?dryRun=true', xlsxMediaType, Buffer.from('PK\u0003\u0004')],
      ['/api/v1/ledgers/import?dryRun=true', xlsxMediaType, Buffer.from('PK\u0003\u0004')],
      ['/api/v1/warnings/ingest', 'application/xml', Buffer.from('<alert/>')],
    ];
    for (const name of names) {
      for (const [url, type, bytes] of uploadRoutes) {
        // As multipart/form-data, which no route accepts.
        const boundary = '----lastmile-hostile';
        const multipart = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: ${type}\r\n\r\n`,
          ),
          bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const asForm = await hostile(`multipart ${url}`, {
          method: 'POST',
          url,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: multipart,
        });
        expect(asForm.response.statusCode, `${url} multipart`).toBe(415);
        // As the raw body, with the name in the headers a client might send it in.
        const raw = await hostile(`raw ${url}`, {
          method: 'POST',
          url,
          headers: {
            'content-type': type,
            'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`,
            'x-file-name': encodeURIComponent(name),
          },
          payload: bytes,
        });
        expect(raw.response.statusCode, `${url} raw`).toBeLessThan(500);
      }
      // A client-chosen attachment id is the only name a client gives a stored file: a uuid or nothing.
      const byId = await hostile('attachment id', {
        method: 'POST',
        url: `/api/v1/attachments?id=${encodeURIComponent(name)}`,
        headers: { 'content-type': 'image/png' },
        payload: png,
      });
      expect(byId.response.statusCode).toBe(400);
      expect(byId.code).toBe('VALIDATION_FAILED');
    }

    // Zip-slip: workbooks whose entries are named to escape, and a zip bomb's worth of nothing.
    const entries = names.slice(0, 4).map((name) => ({ name, data: Buffer.from('escaped') }));
    const zips = [
      zipOf(entries),
      zipOf([
        {
          name: '[Content_Types].xml',
          data: Buffer.from(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Types>&e;</Types>',
          ),
        },
        ...entries,
      ]),
      zipOf([{ name: 'xl/workbook.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]),
    ];
    for (const zip of zips) {
      for (const url of [
        '/api/v1/org/import?dryRun=true',
        '/api/v1/ledgers/import?dryRun=true',
        '/api/v1/org/import',
        '/api/v1/ledgers/import',
      ]) {
        const { response, code } = await hostile(`zip ${url}`, {
          method: 'POST',
          url,
          headers: { 'content-type': xlsxMediaType },
          payload: zip,
        });
        expect(
          response.statusCode,
          `${url}: ${response.body.slice(0, 200)}`,
        ).toBeGreaterThanOrEqual(400);
        expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      }
    }

    // Nothing beside the files folder, and inside it only `<ab>/<sha256>` files.
    expect(fs.readdirSync(outerDir)).toEqual(['files']);
    for (const file of listFiles(filesDir)) {
      expect(file).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
    }
    for (const escaped of ['passwd', 'x', 'shadow', 'x.png']) {
      expect(fs.existsSync(path.join(outerDir, escaped)), escaped).toBe(false);
      expect(fs.existsSync(path.join(process.cwd(), escaped)), escaped).toBe(false);
    }
  });

  it('refuses hostile XML on the CAP ingest quickly, with a stable code', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>',
    ].join('\n');
    const cases: [string, string | Buffer][] = [
      [
        'XXE file',
        '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>',
      ],
      [
        'XXE parameter entity',
        '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY % ext SYSTEM "http://127.0.0.1:1/x.dtd"> %ext;]><alert/>',
      ],
      ['external DTD', '<?xml version="1.0"?><!DOCTYPE alert SYSTEM "file:///etc/passwd"><alert/>'],
      ['billion laughs', laughs],
      [
        'quadratic blowup',
        `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "${'a'.repeat(50_000)}">]><alert>${'&a;'.repeat(20_000)}</alert>`,
      ],
      ['plain DOCTYPE', '<!DOCTYPE html><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>'],
      [
        'undeclared entity',
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>',
      ],
      [
        'huge attribute',
        `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" a="${'A'.repeat(1_900_000)}"><identifier>x</identifier></alert>`,
      ],
      [
        'many attributes',
        `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`,
      ],
      [
        'deep nesting',
        `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${'<info>'.repeat(100_000)}${'</info>'.repeat(100_000)}</alert>`,
      ],
      ['unclosed', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><info><event>暴雨'],
      [
        'processing instruction',
        '<?xml-stylesheet href="file:///etc/passwd"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>',
      ],
      [
        'CDATA trick',
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><![CDATA[<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>]]></alert>',
      ],
      [
        'XInclude',
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></alert>',
      ],
      ['wrong namespace', '<alert xmlns="http://evil.example/"><identifier>x</identifier></alert>'],
      ['not XML', 'hello, this is not xml at all'],
      ['JSON', '{"alert":{"identifier":"x"}}'],
      ['binary', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))],
      [
        'UTF-16 declared, UTF-8 sent',
        '<?xml version="1.0" encoding="UTF-16"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>',
      ],
      ['UTF-16 bytes', Buffer.from('<?xml version="1.0" encoding="UTF-16"?><alert/>', 'utf16le')],
      ['empty', ''],
      ['only whitespace', '   \n\t  '],
      ['NUL bytes', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\u0000\u0000</alert>'],
    ];
    const timings: string[] = [];
    for (const [name, xml] of cases) {
      const { response, took, code } = await hostile(`XML ${name}`, {
        method: 'POST',
        url: '/api/v1/warnings/ingest',
        headers: { 'content-type': 'application/xml' },
        payload: xml,
      });
      timings.push(`${name} ${took} ms`);
      expect(response.statusCode, `${name}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(
        400,
      );
      expect(response.statusCode, name).toBeLessThan(500);
      expect(code, name).toMatch(/^[A-Z][A-Z_]+$/);
      expect(response.body, name).not.toMatch(/root:.*:0:0:|lollollol/);
      expect(took, `${name} took ${took} ms`).toBeLessThan(5000);
    }
    console.log(`hostile XML timings: ${timings.join('; ')}`);
  });

  it('reads words named after Object.prototype members in a warning as plain words', async () => {
    // The reader looks these up in its tables (severities, colours, namespaces, event types).
    const cases: [string, string][] = [
      [
        'national severity "constructor"',
        national().replace('<severity>Red</severity>', '<severity>constructor</severity>'),
      ],
      [
        'national severity "__proto__"',
        national().replace('<severity>Red</severity>', '<severity>__proto__</severity>'),
      ],
      [
        'national event type "toString"',
        national()
          .replace('<eventType>11B03</eventType>', '<eventType>toString</eventType>')
          .replace(/<headline>.*<\/headline>/, '<headline/>'),
      ],
      [
        'CAP colour "constructor"',
        redRainstorm.replace(
          '<headline>',
          '<parameter><valueName>colour</valueName><value>constructor</value></parameter><headline>',
        ),
      ],
      [
        'CAP severity "valueOf"',
        redRainstorm.replace('<severity>Extreme</severity>', '<severity>valueOf</severity>'),
      ],
      [
        'namespace "constructor"',
        redRainstorm.replace('xmlns="urn:oasis:names:tc:emergency:cap:1.2"', 'xmlns="constructor"'),
      ],
      [
        'namespace "__proto__"',
        redRainstorm.replace('xmlns="urn:oasis:names:tc:emergency:cap:1.2"', 'xmlns="__proto__"'),
      ],
    ];
    for (const [name, xml] of cases) {
      const { response } = await hostile(`XML ${name}`, {
        method: 'POST',
        url: '/api/v1/warnings/ingest',
        headers: { 'content-type': 'application/xml' },
        payload: xml,
      });
      expect(response.statusCode, `${name}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
      expect(response.body, name).not.toMatch(/native code|\[object Object\]/);
    }
  });
});

describe('summary', () => {
  it('has found nothing at or above 500', () => {
    expect(problems, problems.join('\n')).toEqual([]);
    const above = [...statusCounts.entries()]
      .filter(([status]) => status >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    console.log(
      `hostile input: ${operations.length} operations, ${generatedRequests} generated requests, ${fixedCases} fixed cases, ${above} responses ≥ 500`,
    );
    expect(above).toBe(0);
  });
});
