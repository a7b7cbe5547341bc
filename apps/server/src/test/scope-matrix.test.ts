/**
 * The authorization matrix: every operation of the API, called by every role, on a target
 * inside and outside the caller's jurisdiction. A new route without a row here fails the test.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoles, roles, type Role } from '@lastmile/shared';
import { importRegions } from '../modules/regions';
import { adminPassword, buildTestApp, buildUser, type TestApp, type TestClient } from './build-test-app';

interface Targets {
  /** A region code inside / outside the caller's scope. */
  insideRegion: string;
  outsideRegion: string;
  insideUserId: string;
  outsideUserId: string;
  /** Villages where a new grid worker may / may not be created. */
  insideVillage: string;
  outsideVillage: string;
}

type Call = (client: TestClient, targets: Targets, n: number) => Promise<LightMyRequestResponse>;

interface Operation {
  inside: Call;
  outside?: Call;
  /** Expected status by role: [inside, outside]. */
  expect: (role: Role) => [number, number?];
}

const isAdmin = (role: Role) => adminRoles.includes(role);
const adminOnly = (ok: number, outside?: number) => (role: Role): [number, number?] =>
  isAdmin(role) ? [ok, outside] : [403, outside === undefined ? undefined : 403];

const operations: Record<string, Operation> = {
  getMe: { inside: (c) => c.get('/api/v1/auth/me'), expect: () => [200] },
  getRegion: {
    inside: (c, t) => c.get(`/api/v1/regions/${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/regions/${t.outsideRegion}`),
    expect: () => [200, 403],
  },
  listRegionChildren: {
    inside: (c, t) => c.get(`/api/v1/regions?code=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/regions?code=${t.outsideRegion}`),
    expect: () => [200, 403],
  },
  listUsers: { inside: (c) => c.get('/api/v1/users?limit=500'), expect: adminOnly(200) },
  createUser: {
    inside: (c, t, n) =>
      c.post('/api/v1/users', { username: `matrix.in.${n}`, password: 'long-enough-password', displayName: '网格员', role: 'grid_worker', scopeRegionCode: t.insideVillage }),
    outside: (c, t, n) =>
      c.post('/api/v1/users', { username: `matrix.out.${n}`, password: 'long-enough-password', displayName: '网格员', role: 'grid_worker', scopeRegionCode: t.outsideVillage }),
    expect: adminOnly(201, 403),
  },
  updateUser: {
    inside: (c, t, n) => c.patch(`/api/v1/users/${t.insideUserId}`, { displayName: `改名${n}` }),
    // Someone else's user is not found rather than forbidden: its existence is not revealed.
    outside: (c, t, n) => c.patch(`/api/v1/users/${t.outsideUserId}`, { displayName: `改名${n}` }),
    expect: adminOnly(200, 404),
  },
  verifyAuditChain: { inside: (c) => c.get('/api/v1/audit/verify'), expect: adminOnly(200) },
  listAuditEntries: { inside: (c) => c.get('/api/v1/audit?limit=500'), expect: adminOnly(200) },
  logout: { inside: (c) => c.post('/api/v1/auth/logout'), expect: () => [200] },
};

/** Operations anyone may call without a session. */
const publicOperations = ['login', 'getHealth', 'getReadiness'];

let t: TestApp;
let regions: {
  county: string;
  otherCounty: string;
  otherCountyVillage: string;
  township: string;
  otherTownship: string;
  village: string;
  siblingVillage: string;
  otherTownshipVillage: string;
};
const outsideUsers: Record<'county' | 'township' | 'village', string> = { county: '', township: '', village: '' };
let insideUserId = '';

beforeAll(async () => {
  t = await buildTestApp();
  // A neighbouring county, so that county users have an "outside" too.
  await importRegions(t.database.db, '421303');
  const admin = await t.signIn('admin', adminPassword);
  const townships = (await admin.get('/api/v1/regions')).json<{ items: { code: string }[] }>().items;
  const villagesOf = async (code: string) =>
    (await admin.get(`/api/v1/regions?code=${code}`)).json<{ items: { code: string }[] }>().items.map((v) => v.code);
  const [village, siblingVillage] = await villagesOf(townships[0]!.code.slice(0, 9));
  const [otherTownshipVillage] = await villagesOf(townships[1]!.code.slice(0, 9));
  regions = {
    county: '421321',
    otherCounty: '421303',
    otherCountyVillage: '',
    township: townships[0]!.code.slice(0, 9),
    otherTownship: townships[1]!.code.slice(0, 9),
    village: village!,
    siblingVillage: siblingVillage!,
    otherTownshipVillage: otherTownshipVillage!,
  };
  // The other county's first village, straight from the data (the admin cannot see it).
  const national = await buildUser(t.database, { role: 'county_admin', scope: '42' });
  const nationalClient = await t.signIn(national.username);
  const zengduTownship = (await nationalClient.get('/api/v1/regions?code=421303')).json<{ items: { code: string }[] }>().items[0]!.code;
  regions.otherCountyVillage = (await nationalClient.get(`/api/v1/regions?code=${zengduTownship.slice(0, 9)}`)).json<{ items: { code: string }[] }>().items[0]!.code;

  insideUserId = (await buildUser(t.database, { role: 'grid_worker', scope: regions.village })).id;
  outsideUsers.county = (await buildUser(t.database, { role: 'grid_worker', scope: regions.otherCountyVillage })).id;
  outsideUsers.township = (await buildUser(t.database, { role: 'grid_worker', scope: regions.otherTownshipVillage })).id;
  outsideUsers.village = (await buildUser(t.database, { role: 'grid_worker', scope: regions.siblingVillage })).id;
});
afterAll(() => t.close());

/** Where each role sits, and what lies inside and outside its scope. */
function placeOf(role: Role): { scope: string; level: 'county' | 'township' | 'village'; targets: Targets } {
  const level = role.startsWith('county') || role === 'department' ? 'county' : role.startsWith('township') ? 'township' : 'village';
  const byLevel = {
    county: { scope: regions.county, outsideRegion: regions.otherCounty, outsideVillage: regions.otherCountyVillage },
    township: { scope: regions.township, outsideRegion: regions.otherTownship, outsideVillage: regions.otherTownshipVillage },
    village: { scope: regions.village, outsideRegion: regions.siblingVillage, outsideVillage: regions.siblingVillage },
  }[level];
  return {
    scope: byLevel.scope,
    level,
    targets: {
      insideRegion: byLevel.scope,
      outsideRegion: byLevel.outsideRegion,
      insideUserId,
      outsideUserId: outsideUsers[level],
      insideVillage: regions.village,
      outsideVillage: byLevel.outsideVillage,
    },
  };
}

describe('authorization matrix', () => {
  it('covers every operation the API documents', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId?: string }>>;
    }>();
    const documented = Object.values(spec.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(documented.sort()).toEqual([...Object.keys(operations), ...publicOperations].sort());
  });

  let n = 0;
  for (const role of roles) {
    for (const [operationId, operation] of Object.entries(operations)) {
      it(`${role} → ${operationId}`, async () => {
        const place = placeOf(role);
        const user = await buildUser(t.database, { role, scope: place.scope });
        const client = await t.signIn(user.username);
        const [inside, outside] = operation.expect(role);
        n += 1;
        const insideResponse = await operation.inside(client, place.targets, n);
        expect(insideResponse.statusCode, `inside: ${insideResponse.body}`).toBe(inside);
        if (operation.outside && outside !== undefined) {
          const outsideResponse = await operation.outside(client, place.targets, n);
          expect(outsideResponse.statusCode, `outside: ${outsideResponse.body}`).toBe(outside);
          expect(outsideResponse.json<{ code: string }>().code).toMatch(/^[A-Z_]+$/);
        }
        if (insideResponse.statusCode === 200 && operationId === 'listUsers') {
          const items = insideResponse.json<{ items: { id: string; scopeRegionCode: string }[] }>().items;
          expect(items.map((item) => item.id)).toContain(insideUserId);
          expect(items.every((item) => item.scopeRegionCode.startsWith(place.scope))).toBe(true);
          expect(items.map((item) => item.id)).not.toContain(place.targets.outsideUserId);
        }
        if (insideResponse.statusCode === 200 && operationId === 'listAuditEntries') {
          const items = insideResponse.json<{ items: { regionCode: string | null }[] }>().items;
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((item) => item.regionCode?.startsWith(place.scope))).toBe(true);
        }
      });
    }
  }

  it('answers 401 UNAUTHENTICATED to every non-public operation without a session', async () => {
    const anonymous = {
      get: (url: string) => t.app.inject({ method: 'GET', url }),
      post: (url: string, payload?: object) => t.app.inject({ method: 'POST', url, payload: payload ?? {} }),
      patch: (url: string, payload: object) => t.app.inject({ method: 'PATCH', url, payload }),
    } as unknown as TestClient;
    const place = placeOf('county_admin');
    for (const [operationId, operation] of Object.entries(operations)) {
      const response = await operation.inside(anonymous, place.targets, 0);
      expect(response.statusCode, operationId).toBe(401);
      expect(response.json(), operationId).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
