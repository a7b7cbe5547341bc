import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/test-database';
import { queryPrepared, type Database } from './client';
import { precompiled } from './sql-helpers';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ regions: false });
});
afterAll(() => database?.close());

describe('queryPrepared', () => {
  it('keeps statements of different text apart, on the pool and in a transaction', async () => {
    const square = (n: number) => sql`select ${n}::int * ${n}::int as value`;
    const echo = (text: string) => sql`select ${text}::text as value`;
    // More runs than the pool has connections and than PostgreSQL's custom plans (5).
    for (let n = 1; n <= 12; n += 1) {
      expect(await queryPrepared(database.db, square(n))).toEqual([{ value: n * n }]);
      expect(await queryPrepared(database.db, echo(`第${n}次`))).toEqual([{ value: `第${n}次` }]);
    }
    const inside = await database.db.transaction(async (tx) => [
      await queryPrepared(tx, square(7)),
      await queryPrepared(tx, echo('事务内')),
    ]);
    expect(inside).toEqual([[{ value: 49 }], [{ value: '事务内' }]]);
  });
});

describe('precompiled', () => {
  it('renders a fragment without parameters once, to the same text', async () => {
    const fragment = precompiled(sql`${sql.raw('1')} + ${sql.raw('2')} as value`);
    expect(await queryPrepared(database.db, sql`select ${fragment}`)).toEqual([{ value: 3 }]);
  });

  it('refuses a fragment with parameters, which would be lost', () => {
    expect(() => precompiled(sql`${1} + 2`)).toThrow(/parameters/);
  });
});
