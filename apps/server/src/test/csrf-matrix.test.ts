/**
 * CSRF on every write (reliability test R5). Generated from /api/openapi.json: every operation
 * that is not a GET and not public, sent by a signed-in county admin without the session's CSRF
 * header, with a made-up one, or with another live session's, is refused 403 `CSRF_FAILED` before
 * anything else looks at it (its body parser, its validation, its role check, its handler), and
 * writes nothing. A new write route is covered without a line here. Also the session cookie's
 * flags and the security headers where other tests leave them unchecked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enErrors, zhCNErrors } from '@lastmile/shared';
import { adminPassword, buildTestApp, type TestApp, type TestClient } from './build-test-app';
import { createTableSnapshots } from './table-snapshot';

interface Write {
  operationId: string;
  method: string;
  url: string;
}

/** Writes anyone may send without a session, so no CSRF token exists for them; and why. */
const publicWrites: Record<string, string> = {
  login: 'no session yet; it accepts only application/json, which a cross-site form cannot send',
  submitPublicReport: 'the no-login public report form',
  gatewayInbound: "the SMS gateway's webhook, checked by the gateway's own secret",
};

/** A value for a path parameter: the CSRF check runs before the route reads any. */
const parameterValue = (name: string) => (/code$/i.test(name) ? '421321101000' : randomUUID());

let t: TestApp;
let admin: TestClient;
let otherSession: TestClient;
let snapshots: Awaited<ReturnType<typeof createTableSnapshots>>;
let writes: Write[];

beforeAll(async () => {
  t = await buildTestApp();
  snapshots = await createTableSnapshots(t.database);
  admin = await t.signIn('admin', adminPassword);
  // A second live session of the same county admin: its token must not do for the first.
  otherSession = await t.signIn('admin', adminPassword);
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<string, Record<string, { operationId: string }>>;
  }>();
  writes = Object.entries(spec.paths).flatMap(([route, methods]) =>
    Object.entries(methods)
      .filter(([method]) => !['get', 'head', 'options'].includes(method))
      .map(([method, operation]) => ({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        url: route.replace(/\{(\w+)\}/g, (_, name: string) => parameterValue(name)),
      })),
  );
});
afterAll(() => t.close());

describe('CSRF on every write', () => {
  it('finds the writes in the API description, the public ones named', () => {
    expect(writes.length).toBeGreaterThan(40);
    const ids = writes.map((write) => write.operationId);
    expect(ids).toEqual(expect.arrayContaining(Object.keys(publicWrites)));
  });

  it('refuses every signed-in write without the session’s token, before validation, writing nothing', async () => {
    const refused: string[] = [];
    for (const write of writes.filter((each) => !publicWrites[each.operationId])) {
      const label = `${write.method} ${write.url} (${write.operationId})`;
      // Anyone not signed in is turned away first: the route is not public, so it needs a token.
      const anonymous = await t.app.inject({
        method: write.method as InjectOptions['method'],
        url: write.url,
        payload: {},
      });
      expect(
        anonymous.statusCode,
        `${label} without a session: a public write? ${anonymous.body}`,
      ).toBe(401);

      const before = await snapshots.take();
      const attempts: { name: string; options: InjectOptions }[] = [
        // No header, and a body no route accepts: validation would answer 400 if it came first.
        { name: 'no token', options: { payload: {}, headers: {} } },
        // A made-up token, and a body of a type the API does not parse (415 if parsing came first).
        {
          name: 'a made-up token',
          options: {
            payload: 'not json',
            headers: {
              'x-csrf-token': randomBytes(32).toString('base64url'),
              'content-type': 'text/plain',
              'accept-language': 'en',
            },
          },
        },
        // The token of another live session of the same user.
        {
          name: "another session's token",
          options: { payload: {}, headers: { 'x-csrf-token': otherSession.csrfToken } },
        },
      ];
      for (const attempt of attempts) {
        const response = await t.app.inject({
          method: write.method as InjectOptions['method'],
          url: write.url,
          ...attempt.options,
          headers: { cookie: admin.cookie, ...attempt.options.headers },
        });
        // Only a matched route reaches the CSRF check (an unknown address is 404 ROUTE_NOT_FOUND), so
        // this also proves the filled-in address found its route.
        expect(response.statusCode, `${label} with ${attempt.name}: ${response.body}`).toBe(403);
        const isEnglish = attempt.options.headers?.['accept-language'] === 'en';
        expect(response.json(), `${label} with ${attempt.name}`).toEqual({
          code: 'CSRF_FAILED',
          message: isEnglish ? enErrors.CSRF_FAILED : zhCNErrors.CSRF_FAILED,
        });
      }
      const changes = snapshots.changes(before, await snapshots.take());
      expect(changes, `${label} was refused for CSRF but wrote`).toEqual([]);
      refused.push(write.operationId);
    }
    // Quoted in docs/reliability.md (R5).
    console.log(
      `CSRF matrix: ${refused.length} signed-in writes × 3 bad tokens = ${refused.length * 3} refusals ` +
        `(403 CSRF_FAILED), 0 writes; ${Object.keys(publicWrites).length} public writes exempt`,
    );
    // The refused logout did not end the session.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, and Secure when configured, for the field app too', async () => {
    const secure = await buildTestApp({ database: t.database, config: { secureCookies: true } });
    try {
      for (const device of ['web', 'field'] as const) {
        const response = await secure.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: {
            username: 'admin',
            password: adminPassword,
            ...(device === 'field' ? { device } : {}),
          },
        });
        expect(response.statusCode, response.body).toBe(200);
        const cookie = response.cookies.find((each) => each.name === 'lm_session')!;
        expect(cookie, device).toMatchObject({
          httpOnly: true,
          sameSite: 'Lax',
          secure: true,
          path: '/',
        });
        expect(response.body, device).not.toContain(cookie.value);
      }
    } finally {
      await secure.app.close();
    }
  });

  it('is cleared on logout', async () => {
    const client = await t.signInAs('county_staff', '421321');
    const response = await client.post('/api/v1/auth/logout');
    expect(response.statusCode).toBe(200);
    const cleared = response.cookies.find((each) => each.name === 'lm_session')!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('security headers', () => {
  const expected = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'content-security-policy': expect.stringContaining("script-src 'self';") as unknown,
  };

  it('are sent on API answers, successes and refusals alike', async () => {
    const answers = [
      await admin.get('/api/v1/auth/me'),
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: admin.cookie },
      }),
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await t.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 403, 401, 200]);
    for (const answer of answers) {
      expect(answer.headers).toMatchObject(expected);
    }
  });

  it('are sent with the web app shell', async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>最后一公里</title>');
    const web = await buildTestApp({ database: t.database, config: { webDir } });
    try {
      for (const url of ['/', '/hazards']) {
        const shell = await web.app.inject({ method: 'GET', url });
        expect(shell.statusCode, url).toBe(200);
        expect(shell.headers['content-type'], url).toMatch(/text\/html/);
        expect(shell.headers, url).toMatchObject(expected);
      }
    } finally {
      await web.app.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });
});
