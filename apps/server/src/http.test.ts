/** The HTTP contract every route shares: errors, languages, limits, headers, OpenAPI, health. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, enErrors, zhCNErrors } from '@lastmile/shared';
import { adminPassword, buildTestApp, type TestApp, type TestClient } from './test/build-test-app';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.signIn('admin', adminPassword);
});
afterAll(() => t.close());

describe('errors', () => {
  it('answers invalid input with 400 VALIDATION_FAILED and the path of each bad field', async () => {
    const response = await admin.post('/api/v1/users', { username: 'x', password: 'long-enough-password', role: 'chief', scopeRegionCode: '42132' });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; message: string; details: { in: string; path: string[] }[] }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toBe(zhCNErrors.VALIDATION_FAILED);
    expect(body.details.map((issue) => issue.path.join('.')).sort()).toEqual(['displayName', 'role', 'scopeRegionCode', 'username']);
    expect(body.details.every((issue) => issue.in === 'body')).toBe(true);
  });

  it('speaks English when the client asks for it, Chinese otherwise', async () => {
    const en = await admin.request({ method: 'GET', url: '/api/v1/regions/421321999', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json()).toEqual({ code: 'REGION_NOT_FOUND', message: enErrors.REGION_NOT_FOUND });
    const zh = await admin.request({ method: 'GET', url: '/api/v1/regions/421321999', headers: { 'accept-language': 'fr;q=1, zh-TW;q=0.5' } });
    expect(zh.json()).toEqual({ code: 'REGION_NOT_FOUND', message: zhCNErrors.REGION_NOT_FOUND });
  });

  it('has a message in both languages for every error code', () => {
    for (const code of errorCodes) {
      expect(zhCNErrors[code], code).toMatch(/\S/);
      expect(enErrors[code], code).toMatch(/\S/);
    }
  });

  it('answers malformed JSON, a wrong content type and an oversize body with 4xx codes', async () => {
    const badJson = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ code: 'BAD_REQUEST' });

    const text = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });

    const huge = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers unknown API addresses with 404 ROUTE_NOT_FOUND, bad ids with 400', async () => {
    const missing = await admin.get('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const badId = await admin.patch('/api/v1/users/not-a-uuid', { displayName: 'x' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ in: 'params', path: ['id'] }] });
    const unknownUser = await admin.patch('/api/v1/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' });
    expect(unknownUser.statusCode).toBe(404);
    expect(unknownUser.json()).toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('never answers 5xx to odd input', async () => {
    const odd = [
      { method: 'GET' as const, url: '/api/v1/regions/%E0%A4%A' },
      { method: 'GET' as const, url: '/api/v1/regions?code=42&code=43' },
      { method: 'GET' as const, url: `/api/v1/regions/${'4'.repeat(500)}` },
      { method: 'GET' as const, url: '/api/v1/../../etc/passwd' },
      { method: 'GET' as const, url: '/api/v1/users?limit=-1&offset=abc' },
      { method: 'GET' as const, url: `/api/v1/users?q=${'%27'.repeat(100)}` },
      { method: 'PATCH' as const, url: '/api/v1/users/00000000-0000-4000-8000-000000000000', payload: [] as unknown as object },
      { method: 'PATCH' as const, url: '/api/v1/users/00000000-0000-4000-8000-000000000000', payload: {} },
      { method: 'POST' as const, url: '/api/v1/auth/login', payload: { username: '\u0000', password: '\u0000' } },
      { method: 'POST' as const, url: '/api/v1/users', payload: { username: 'ok.name', password: 'x'.repeat(300), displayName: 'a', role: 'grid_worker', scopeRegionCode: '421321' } },
    ];
    for (const request of odd) {
      const response = await admin.request(request);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeLessThan(500);
      expect(errorCodes).toContain(response.json<{ code: string }>().code);
    }
  });
});

describe('the web app', () => {
  it('serves its files, gives every page address the app shell, and nothing outside its folder', async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>最后一公里</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    const web = await buildTestApp({ database: t.database, config: { webDir } });
    try {
      const shell = await web.app.inject({ method: 'GET', url: '/' });
      expect(shell.statusCode).toBe(200);
      expect(shell.body).toContain('最后一公里');
      const asset = await web.app.inject({ method: 'GET', url: '/assets/app.js' });
      expect(asset.body).toBe('console.log(1)');
      const page = await web.app.inject({ method: 'GET', url: '/regions/421321101000' });
      expect(page.body).toContain('最后一公里');
      const api = await web.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
      for (const url of ['/../../../../etc/passwd', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
        const response = await web.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBeLessThan(500);
        expect(response.body, url).not.toMatch(/root:.*:0:0:/);
      }
    } finally {
      await web.app.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe('security headers', () => {
  it('sends nosniff, frame denial, a same-origin referrer policy and a content security policy', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('health', () => {
  it('answers liveness and readiness without a session', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });
});

describe('OpenAPI', () => {
  it('documents every route with an operationId, a request schema where it takes input and response schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string; parameters?: unknown[]; requestBody?: unknown; responses?: Record<string, { content?: unknown }> }>>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, ...op })),
    );
    const ids = operations.map((op) => op.operationId);
    for (const required of ['login', 'logout', 'getMe', 'getRegion', 'listRegionChildren', 'listUsers', 'createUser', 'updateUser', 'verifyAuditChain']) {
      expect(ids).toContain(required);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations) {
      expect(op.operationId, `${op.method} ${op.path}`).toMatch(/^[a-z][A-Za-z]+$/);
      const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
      expect(success.length, `${op.operationId} success response`).toBeGreaterThan(0);
      expect(success.every(([, body]) => body.content), `${op.operationId} response schema`).toBe(true);
      if (op.path.includes('{')) {
        expect(op.parameters?.length, `${op.operationId} params`).toBeGreaterThan(0);
      }
      if (['post', 'patch', 'put'].includes(op.method) && !['logout', 'markNotificationRead'].includes(op.operationId!)) {
        expect(op.requestBody, `${op.operationId} body`).toBeDefined();
      }
    }
  });

  it('serves a docs page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
