import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, buildTestApp, buildUser, testPassword, type TestApp } from '../../test/build-test-app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('opens a session with an HttpOnly SameSite cookie and returns the CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: adminPassword },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'lm_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json()).toMatchObject({ username: 'admin', role: 'county_admin', scopeRegionCode: '421321000000', scopeRegionName: '随县' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `lm_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ username: 'admin', csrfToken: response.json<{ csrfToken: string }>().csrfToken });
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'whatever-password' } });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong-password' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('locks an account after five failures, even for the right password', async () => {
    const victim = await buildUser(t.database, { role: 'township_staff', scope: '421321101' });
    for (let i = 0; i < 5; i++) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: victim.username, password: `guess-${i}-wrong` } });
      expect(response.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: victim.username, password: testPassword } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('slows an address spraying passwords over many accounts, not the other addresses', async () => {
    const sprayer = '198.51.100.7';
    const attempt = (username: string, password: string, remoteAddress = sprayer) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
    // One wrong password on each of 30 accounts (unknown names count too): no account is locked.
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`spray-${i}`, 'Summer2026!')).statusCode).toBe(401);
    }
    const victim = await buildUser(t.database, { role: 'village_staff', scope: '421321101200' });
    const refused = await attempt(victim.username, testPassword);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    // The account itself is fine: from another address the right password signs in.
    expect((await attempt(victim.username, testPassword, '203.0.113.9')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const client = await t.signIn('admin', adminPassword);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF header of the session', async () => {
    const client = await t.signIn('admin', adminPassword);
    const response = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { 'x-csrf-token': 'forged' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_FAILED' });
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('accepts only JSON for login, so a cross-site form cannot sign anyone in', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=admin&password=x',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('user management', () => {
  it('lets a township admin create staff inside the township only', async () => {
    const townAdmin = await t.signInAs('township_admin', '421321101');
    const created = await townAdmin.post('/api/v1/users', {
      username: 'lishan.staff',
      password: 'a-long-enough-password',
      displayName: '厉山镇 干事',
      role: 'village_staff',
      scopeRegionCode: '421321101001',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ scopeRegionCode: '421321101001', role: 'village_staff', disabled: false });

    const elsewhere = await townAdmin.post('/api/v1/users', {
      username: 'gaocheng.staff',
      password: 'a-long-enough-password',
      displayName: '高城镇 干事',
      role: 'village_staff',
      scopeRegionCode: '421321102001',
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });

    const tooHigh = await townAdmin.post('/api/v1/users', {
      username: 'would.be.county',
      password: 'a-long-enough-password',
      displayName: 'x',
      role: 'county_admin',
      scopeRegionCode: '421321101',
    });
    expect(tooHigh.json()).toMatchObject({ code: 'ROLE_NOT_GRANTABLE' });

    const list = await townAdmin.get('/api/v1/users?limit=100');
    const usernames = list.json<{ items: { scopeRegionCode: string }[] }>().items.map((u) => u.scopeRegionCode);
    expect(usernames.length).toBeGreaterThan(0);
    expect(usernames.every((code) => code.startsWith('421321101'))).toBe(true);
  });

  it('checks password length, username uniqueness and the level of the scope', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const base = { displayName: '测试', role: 'township_staff', scopeRegionCode: '421321103' };
    const short = await admin.post('/api/v1/users', { ...base, username: 'short.pw', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toEqual({ code: 'PASSWORD_TOO_SHORT', message: '密码太短，至少需要 10 位' });
    const ok = await admin.post('/api/v1/users', { ...base, username: 'Unique.Name', password: 'long-enough-password' });
    expect(ok.statusCode).toBe(201);
    const again = await admin.post('/api/v1/users', { ...base, username: 'unique.name', password: 'long-enough-password' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'USERNAME_TAKEN' });
    const wrongLevel = await admin.post('/api/v1/users', { ...base, username: 'at.county', password: 'long-enough-password', scopeRegionCode: '421321' });
    expect(wrongLevel.json()).toMatchObject({ code: 'SCOPE_LEVEL_INVALID' });
    const noRegion = await admin.post('/api/v1/users', { ...base, username: 'no.region', password: 'long-enough-password', scopeRegionCode: '421321999' });
    expect(noRegion.statusCode).toBe(404);
    expect(noRegion.json()).toMatchObject({ code: 'REGION_NOT_FOUND' });
  });

  it('gives a department user a department from the sector table, and no one else one', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const base = { displayName: '部门', role: 'department', scopeRegionCode: '421321', password: 'long-enough-password' };
    const none = await admin.post('/api/v1/users', { ...base, username: 'dept.none' });
    expect(none.statusCode).toBe(400);
    const unknown = await admin.post('/api/v1/users', { ...base, username: 'dept.unknown', department: '县宇宙局' });
    expect(unknown.json()).toMatchObject({ code: 'DEPARTMENT_UNKNOWN' });
    const made = await admin.post('/api/v1/users', { ...base, username: 'dept.fire', department: '县消防救援大队' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ role: 'department', department: '县消防救援大队' });
    const me = await t.signIn('dept.fire', 'long-enough-password');
    expect((await me.get('/api/v1/auth/me')).json()).toMatchObject({ department: '县消防救援大队', personId: null });
    const id = made.json<{ id: string }>().id;
    const staff = await admin.patch(`/api/v1/users/${id}`, { role: 'county_staff' });
    expect(staff.json()).toMatchObject({ role: 'county_staff', department: null });
    const clerk = await admin.post('/api/v1/users', { ...base, username: 'clerk.dept', role: 'county_staff', department: '县消防救援大队' });
    expect(clerk.json()).toMatchObject({ department: null });
  });

  it('ends every session of a user who is disabled or given a new password', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const target = await buildUser(t.database, { role: 'grid_worker', scope: '421321101001' });
    const session = await t.signIn(target.username);
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(200);
    const disabled = await admin.patch(`/api/v1/users/${target.id}`, { disabled: true });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: target.username, password: testPassword } });
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('does not let an admin disable or demote themselves', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const response = await admin.patch(`/api/v1/users/${admin.userId}`, { disabled: true });
    expect(response.json()).toMatchObject({ code: 'CANNOT_DISABLE_SELF' });
  });

  it('records every change in the audit log, without the password hash', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const created = await admin.post('/api/v1/users', {
      username: 'audited.user',
      password: 'long-enough-password',
      displayName: '审计对象',
      role: 'township_staff',
      scopeRegionCode: '421321104',
    });
    const id = created.json<{ id: string }>().id;
    await admin.patch(`/api/v1/users/${id}`, { password: 'another-long-password' });
    const entries = await admin.get('/api/v1/audit?entity=user&limit=500');
    expect(entries.statusCode, entries.body).toBe(200);
    const mine = entries.json<{ items: { entityId: string; action: string }[] }>().items.filter((e) => e.entityId === id);
    expect(mine.map((e) => e.action).sort()).toEqual(['user.create', 'user.update']);
    const raw = await t.database.db.execute(
       
      (await import('drizzle-orm')).sql`select after::text as after from audit_log where entity_id = ${id}`,
    );
    expect(JSON.stringify(raw)).not.toContain('argon2');
  });
});
