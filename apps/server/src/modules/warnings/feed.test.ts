import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { cap12, header, info, national } from '../../test/warning-samples';
import { pollWarningFeed, readFeedDocument } from './feed';

let t: TestApp;
let server: http.Server;
let base = '';
const pages = new Map<string, string>();
const warned: unknown[] = [];
const log = { warn: (obj: unknown) => warned.push(obj), info: () => undefined };

/** A national-format Alert for a 随县 township, with its own identifier. */
const local = (identifier: string) =>
  national('421321101000')
    .replace('42132141600000_20260712020500', identifier)
    .replace('<msgType>Update</msgType>', '<msgType>Alert</msgType>')
    .replace('<references>42132141600000_20260711180000</references>', '<references/>');
/** A CAP Alert for 河南: none of this deployment's counties. */
const elsewhere = cap12(
  `${header.replace(/<identifier>[^<]*<\/identifier>/, '<identifier>henan-feed-1</identifier>')}
  <msgType>Alert</msgType><scope>Public</scope>${info().replace(
    /<area>[\s\S]*<\/area>/,
    '<area><areaDesc>河南</areaDesc><geocode><valueName>GB/T 2260</valueName><value>410000000000</value></geocode></area>',
  )}`,
);

beforeAll(async () => {
  t = await buildTestApp();
  server = http.createServer((request, response) => {
    const page = pages.get(request.url ?? '');
    response.writeHead(page ? 200 : 404, { 'content-type': 'application/xml' });
    response.end(page ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pages.set('/alerts/1.xml', local('feed-local-1'));
  pages.set('/alerts/2.xml', elsewhere);
  pages.set('/alerts/3.xml', '<alert><identifier>broken');
  pages.set(
    '/atom.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>预警</title>
  <entry><id>1</id><link rel="alternate" type="text/html" href="/page/1"/><link rel="alternate" type="application/cap+xml" href="/alerts/1.xml"/></entry>
  <entry><id>2</id><link href="alerts/2.xml"/></entry>
  <entry><id>3</id><link rel="alternate" href="${base}/alerts/3.xml"/></entry>
  <entry><id>4</id><link rel="alternate" href="/alerts/missing.xml"/></entry>
</feed>`,
  );
  pages.set(
    '/rss.xml',
    `<rss version="2.0"><channel><title>预警</title><item><title>1</title><link>/alerts/1.xml</link></item></channel></rss>`,
  );
  pages.set('/one.xml', local('feed-local-direct'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

describe('polling an upper warning feed', () => {
  it('stores the feed’s warnings for this deployment, skips the rest and goes on past bad entries', async () => {
    const first = await pollWarningFeed(
      t.database.db,
      { url: `${base}/atom.xml`, region: '421321' },
      log,
    );
    expect(first).toEqual({ warnings: 4, stored: 1, failed: 2 });
    expect(warned).toHaveLength(2);
    const [row] = await queryRows<{ n: number; dispatched: boolean }>(
      t.database.db,
      sql`select count(*)::int as n, bool_and(dispatched_at is not null) as dispatched
          from warning where identifier = 'feed-local-1'`,
    );
    // Red, for a township of ours: stored once and called at once by the built-in plan.
    expect(row).toEqual({ n: 1, dispatched: true });
    const [audit] = await queryRows<{ actor: string }>(
      t.database.db,
      sql`select actor_name as actor from audit_log where action = 'warning.ingest' order by id desc limit 1`,
    );
    expect(audit!.actor).toBe('system');
  });

  it('stores nothing twice when the feed is read again', async () => {
    const again = await pollWarningFeed(
      t.database.db,
      { url: `${base}/atom.xml`, region: '421321' },
      log,
    );
    expect(again.stored).toBe(0);
    const rss = await pollWarningFeed(
      t.database.db,
      { url: `${base}/rss.xml`, region: '421321' },
      log,
    );
    expect(rss).toEqual({ warnings: 1, stored: 0, failed: 0 });
  });

  it('takes a URL that answers one warning itself', async () => {
    const one = await pollWarningFeed(
      t.database.db,
      { url: `${base}/one.xml`, region: '421321' },
      log,
    );
    expect(one).toEqual({ warnings: 1, stored: 1, failed: 0 });
  });

  it('refuses a feed with a DOCTYPE, and tells a feed from a warning', () => {
    expect(() =>
      readFeedDocument('<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed/>'),
    ).toThrow('WARNING_DTD_FORBIDDEN');
    expect(readFeedDocument(local('x'))).toEqual({ kind: 'warning' });
    expect(readFeedDocument('<feed xmlns="http://www.w3.org/2005/Atom"/>')).toEqual({
      kind: 'feed',
      links: [],
    });
  });
});
