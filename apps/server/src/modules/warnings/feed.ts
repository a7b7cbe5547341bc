/**
 * Polling an upper platform's warning feed (LASTMILE_WARNING_FEED_URL): the URL answers either
 * one warning (CAP or the national format) or an Atom / RSS feed whose entries link to warnings,
 * as the CAP feeds of weather services do. Each warning is stored like an upload, for the
 * deployment's counties it reaches (a feed for a whole country brings only ours); storing is
 * idempotent, so a warning seen again is not stored or called twice.
 */
import { SaxesParser } from 'saxes';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { parseWarning, warningMaxBytes } from './warning-format';
import { storeUpperWarning } from './warnings.service';

/** Entries read from one feed document at most; a feed lists its newest first. */
const maxEntries = 50;
const fetchTimeoutMs = 10_000;

type FeedDocument = { kind: 'warning' } | { kind: 'feed'; links: string[] };

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** What a fetched document is: a warning itself, or a feed listing warnings' addresses. */
export function readFeedDocument(xml: string): FeedDocument {
  const parser = new SaxesParser();
  const stack: string[] = [];
  const links: string[] = [];
  let root: string | null = null;
  let entryLinks: { href: string; preferred: boolean }[] = [];
  let text = '';
  parser.on('doctype', () => {
    throw new AppError('WARNING_DTD_FORBIDDEN', 400);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    root ??= name;
    stack.push(name);
    text = '';
    if (name === 'entry') {
      entryLinks = [];
    }
    if (name === 'link' && stack.includes('entry')) {
      const href = tag.attributes.href;
      const rel = tag.attributes.rel ?? 'alternate';
      const type = tag.attributes.type ?? '';
      if (typeof href === 'string' && rel === 'alternate') {
        entryLinks.push({ href, preferred: typeof type === 'string' && /cap|xml/.test(type) });
      }
    }
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'entry' && entryLinks.length > 0) {
      links.push((entryLinks.find((link) => link.preferred) ?? entryLinks[0]!).href);
    }
    if (name === 'link' && stack.includes('item') && text.trim()) {
      links.push(text.trim());
    }
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof AppError) {
      throw error;
    }
    throw new AppError('WARNING_XML_MALFORMED', 400, undefined, {
      reason: (error as Error).message,
    });
  }
  if (root === 'alert') {
    return { kind: 'warning' };
  }
  return { kind: 'feed', links: links.slice(0, maxEntries) };
}

async function fetchXml(url: string, fetchImpl: typeof fetch): Promise<string> {
  const response = await fetchImpl(url, {
    signal: AbortSignal.timeout(fetchTimeoutMs),
    headers: { accept: 'application/cap+xml, application/atom+xml, application/xml, text/xml' },
  });
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > warningMaxBytes) {
    throw new Error(`${url}: ${body.length} bytes, more than ${warningMaxBytes}`);
  }
  return body.toString('utf8');
}

export interface FeedPollResult {
  warnings: number;
  stored: number;
  failed: number;
}

/**
 * Reads the feed once: every warning it lists (or the warning it is) is stored for the
 * deployment's counties it reaches. A bad entry is logged and skipped; the rest go on.
 */
export async function pollWarningFeed(
  db: Db,
  feed: { url: string; region: string },
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
  fetchImpl: typeof fetch = fetch,
): Promise<FeedPollResult> {
  const top = await fetchXml(feed.url, fetchImpl);
  const document = readFeedDocument(top);
  const urls =
    document.kind === 'warning'
      ? [feed.url]
      : document.links.map((link) => new URL(link, feed.url).href);
  const result: FeedPollResult = { warnings: urls.length, stored: 0, failed: 0 };
  for (const url of urls) {
    try {
      const xml = url === feed.url ? top : await fetchXml(url, fetchImpl);
      const stored = await storeUpperWarning(db, parseWarning(xml), xml, {
        prefix: feed.region,
        fallbackCountyCode: null,
        createdById: null,
        auditActor: 'system',
      });
      result.stored += stored.filter((warning) => warning.created).length;
    } catch (error) {
      result.failed += 1;
      const reason = error instanceof AppError ? error.code : (error as Error).message;
      log.warn({ url, reason }, 'warning feed entry skipped');
    }
  }
  return result;
}
