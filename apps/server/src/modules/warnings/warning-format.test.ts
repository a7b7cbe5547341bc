import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@lastmile/shared';
import { AppError } from '../../errors';
import { parseWarning } from './warning-format';
import { national, redRainstorm } from '../../test/warning-samples';

/** The code a refused warning was refused with. */
function refusal(xml: string, maxBytes?: number): ErrorCode | 'accepted' {
  try {
    parseWarning(xml, maxBytes);
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) {
      return error.code;
    }
    throw error;
  }
}

describe('reading warnings', () => {
  it('reads a CAP 1.2 warning into the model, times in UTC and the colour from the severity', () => {
    const warning = parseWarning(redRainstorm);
    expect(warning).toMatchObject({
      format: 'cap12',
      identifier: '42132141600000_20260712020500',
      sender: '随县气象台',
      sent: '2026-07-11T18:05:00.000Z',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      references: [],
    });
    expect(warning.infos).toHaveLength(1);
    expect(warning.infos[0]).toMatchObject({
      language: 'zh-CN',
      categories: ['Met'],
      event: '暴雨',
      severity: 'Extreme',
      level: 'red',
      effective: '2026-07-11T18:05:00.000Z',
      expires: '2026-07-12T06:00:00.000Z',
      onset: null,
      instruction: '立即转移危险区域人员，停止户外作业。',
    });
    expect(warning.infos[0]!.areas).toEqual([
      {
        description: '厉山镇、殷店镇',
        polygons: [
          [
            [31.8, 113.1],
            [31.9, 113.1],
            [31.9, 113.3],
            [31.8, 113.1],
          ],
        ],
        circles: [{ lat: 31.85, lon: 113.2, radiusKm: 5.5 }],
        geocodes: [{ name: 'GB/T 2260', value: '421321101000' }],
      },
    ]);
  });

  it('reads the national platform format: sendTime, colour severity, bare references, code lists', () => {
    const warning = parseWarning(national());
    expect(warning).toMatchObject({
      format: 'national',
      senderCode: '42132141600000',
      sent: '2026-07-11T18:05:00.000Z',
      msgType: 'Update',
      references: [{ sender: null, identifier: '42132141600000_20260711180000', sent: null }],
    });
    expect(warning.infos[0]).toMatchObject({
      eventCode: '11B03',
      event: '暴雨',
      severity: 'Red',
      level: 'red',
      onset: null,
      expires: null,
      instruction: null,
    });
    expect(warning.infos[0]!.areas[0]).toEqual({
      description: '厉山镇,殷店镇',
      polygons: [],
      circles: [],
      geocodes: [
        { name: 'GB/T 2260', value: '421321101000' },
        { name: 'GB/T 2260', value: '421321107000' },
      ],
    });
  });

  it('takes a prefixed CAP namespace, a byte-order mark, comments and foreign elements', () => {
    const prefixed = `\uFEFF<?xml version="1.0"?>
<!-- relayed -->
<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2" xmlns:x="urn:example:x">
  <cap:identifier>A-1</cap:identifier><cap:sender>s</cap:sender>
  <cap:sent>2026-07-12T02:05:00-00:00</cap:sent><cap:status>Test</cap:status>
  <cap:msgType>Cancel</cap:msgType><cap:scope>Public</cap:scope>
  <cap:references>s,A-0,2026-07-12T01:00:00+08:00 s,A-00,2026-07-12T01:30:00+08:00</cap:references>
  <x:signature>ignored</x:signature>
</cap:alert>`;
    const warning = parseWarning(prefixed);
    expect(warning.msgType).toBe('Cancel');
    expect(warning.infos).toEqual([]);
    expect(warning.references.map((reference) => reference.identifier)).toEqual(['A-0', 'A-00']);
    expect(warning.references[0]!.sent).toBe('2026-07-11T17:00:00.000Z');
  });

  it.each([
    [
      'a DTD with external entities',
      redRainstorm.replace(
        '<alert',
        '<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<alert',
      ),
      'WARNING_DTD_FORBIDDEN',
    ],
    ['not well-formed', redRainstorm.replace('</scope>', '</scop>'), 'WARNING_XML_MALFORMED'],
    [
      'an undeclared entity',
      redRainstorm.replace('暴雨</event>', '&xxe;</event>'),
      'WARNING_XML_MALFORMED',
    ],
    ['empty', '', 'WARNING_XML_MALFORMED'],
    [
      'a wrong namespace',
      redRainstorm.replace('emergency:cap:1.2', 'emergency:alerts:1.2'),
      'WARNING_NAMESPACE_INVALID',
    ],
    ['no scope', redRainstorm.replace('<scope>Public</scope>', ''), 'WARNING_ELEMENT_MISSING'],
    [
      'an empty identifier',
      redRainstorm.replace(/<identifier>[^<]*/, '<identifier>'),
      'WARNING_ELEMENT_MISSING',
    ],
    [
      'no category',
      redRainstorm.replace('<category>Met</category>', ''),
      'WARNING_ELEMENT_MISSING',
    ],
    [
      'no areaDesc',
      redRainstorm.replace(/<areaDesc>[^<]*<\/areaDesc>/, ''),
      'WARNING_ELEMENT_MISSING',
    ],
    ['a bad status', redRainstorm.replace('>Actual<', '>Real<'), 'WARNING_ENUM_INVALID'],
    ['an empty urgency', redRainstorm.replace('>Immediate<', '><'), 'WARNING_ENUM_INVALID'],
    ['a bad category', redRainstorm.replace('>Met<', '>Weather<'), 'WARNING_ENUM_INVALID'],
    [
      'a time without a zone',
      redRainstorm.replace('02:05:00+08:00</sent>', '02:05:00</sent>'),
      'WARNING_TIME_INVALID',
    ],
    [
      'a time in Z (not CAP 1.2)',
      redRainstorm.replace('02:05:00+08:00</sent>', '02:05:00Z</sent>'),
      'WARNING_TIME_INVALID',
    ],
    [
      '30 February',
      redRainstorm.replace('2026-07-12T02:05:00+08:00</sent>', '2026-02-30T02:05:00+08:00</sent>'),
      'WARNING_TIME_INVALID',
    ],
    [
      'an update without references',
      redRainstorm.replace('<msgType>Alert', '<msgType>Update'),
      'WARNING_REFERENCES_INVALID',
    ],
    [
      'an update with an empty references element',
      redRainstorm
        .replace('<msgType>Alert', '<msgType>Update')
        .replace('<scope>Public</scope>', '<scope>Public</scope><references> </references>'),
      'WARNING_REFERENCES_INVALID',
    ],
    [
      'a reference without its sent time',
      redRainstorm
        .replace('<msgType>Alert', '<msgType>Cancel')
        .replace('<scope>Public</scope>', '<scope>Public</scope><references>s,A-0</references>'),
      'WARNING_REFERENCES_INVALID',
    ],
    [
      'an open polygon',
      redRainstorm.replace('31.80,113.10</polygon>', '31.85,113.10</polygon>'),
      'WARNING_POLYGON_INVALID',
    ],
    [
      'a polygon of three points',
      redRainstorm.replace(/<polygon>[^<]*/, '<polygon>31.8,113.1 31.9,113.1 31.8,113.1'),
      'WARNING_POLYGON_INVALID',
    ],
    [
      'a trailing comma in a polygon',
      redRainstorm.replace('31.80,113.10</polygon>', '31.80,113.10,</polygon>'),
      'WARNING_POLYGON_INVALID',
    ],
    [
      'a latitude past the pole',
      redRainstorm.replace('31.90,113.30', '91.90,113.30'),
      'WARNING_POLYGON_INVALID',
    ],
    [
      'a circle without radius',
      redRainstorm.replace('31.85,113.20 5.5', '31.85,113.20'),
      'WARNING_CIRCLE_INVALID',
    ],
    [
      'a negative radius',
      redRainstorm.replace('31.85,113.20 5.5', '31.85,113.20 -1'),
      'WARNING_CIRCLE_INVALID',
    ],
    [
      'a national code that is not a division code',
      national('421321101000,厉山镇'),
      'WARNING_GEOCODE_INVALID',
    ],
    [
      'a national severity that is not a colour',
      national().replace('>Red<', '>Extreme<'),
      'WARNING_ENUM_INVALID',
    ],
    [
      'a national update without references',
      national().replace(/<references>[^<]*<\/references>/, ''),
      'WARNING_REFERENCES_INVALID',
    ],
  ] as const)('refuses %s', (_, xml, code) => {
    expect(refusal(xml)).toBe(code);
  });

  it('reads an empty polygon, circle or references of a new alert as none', () => {
    const warning = parseWarning(
      redRainstorm
        .replace(/<polygon>[^<]*/, '<polygon>')
        .replace(/<circle>[^<]*/, '<circle>')
        .replace('<scope>Public</scope>', '<scope>Public</scope><references/>'),
    );
    expect(warning.references).toEqual([]);
    expect(warning.infos[0]!.areas[0]).toMatchObject({ polygons: [], circles: [] });
  });

  it('refuses a body over the size limit before reading it', () => {
    expect(refusal(redRainstorm, 1024)).toBe('PAYLOAD_TOO_LARGE');
    expect(refusal(redRainstorm, 64 * 1024)).toBe('accepted');
  });
});

/**
 * The real warnings and the validator suites' invalid ones in `../shared/fixtures`, read in place.
 * A user's machine has no `../shared`; CI always has it.
 */
const fixtures = path.resolve(process.cwd(), '../shared/fixtures');
const haveFixtures = fs.existsSync(path.join(fixtures, 'cap'));
const xmlFiles = (folder: string) =>
  haveFixtures
    ? fs
        .readdirSync(path.join(fixtures, folder))
        .filter((file) => file.endsWith('.xml'))
        .map((file) => [file, fs.readFileSync(path.join(fixtures, folder, file), 'utf8')] as const)
    : [];

describe.skipIf(!haveFixtures)('the shared CAP fixtures', () => {
  it.each(xmlFiles('cap'))('reads %s', (file, xml) => {
    const warning = parseWarning(xml);
    const format = file.startsWith('china-')
      ? 'national'
      : file.includes('cap11')
        ? 'cap11'
        : 'cap12';
    expect(warning.format).toBe(format);
    expect(warning.identifier).not.toBe('');
    expect(warning.sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    if (warning.msgType === 'Update' || warning.msgType === 'Cancel') {
      expect(warning.references.length).toBeGreaterThan(0);
    }
    for (const area of warning.infos.flatMap((item) => item.areas)) {
      for (const ring of area.polygons) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring.at(-1));
      }
    }
  });

  it('reads what each fixture is known for', () => {
    const read = (file: string) =>
      parseWarning(fs.readFileSync(path.join(fixtures, 'cap', file), 'utf8'));
    const henan = read('china-henan-2020-national-platform-gale-blue-update-gbt35965-style.xml');
    expect(henan.infos[0]).toMatchObject({ eventCode: '11B06', level: 'blue' });
    expect(henan.infos[0]!.areas[0]!.geocodes).toEqual([
      { name: 'GB/T 2260', value: '410000000000' },
    ]);
    expect(henan.references).toEqual([
      { sender: null, identifier: '41000041600000_20200204121842', sent: null },
    ]);
    expect(read('ipaws-2019-nevada-cancel-no-info-references-signature.xml')).toMatchObject({
      msgType: 'Cancel',
      infos: [],
    });
    const quake = read('oasis-a3-earthquake-update-references-circle.xml');
    expect(quake.references).toHaveLength(1);
    expect(quake.infos[0]!.areas[0]!.circles[0]!.radiusKm).toBe(0);
    const amber = read('oasis-a4-amber-alert-multilingual-en-es.xml');
    expect(amber.infos.map((item) => item.language)).toEqual(['en-US', 'es-US']);
    const bushfire = read('nsw-rfs-2011-cap-au-prefixed-namespace-circles.xml');
    expect(bushfire.infos[0]!.areas.flatMap((area) => area.circles).length).toBeGreaterThan(0);
    const taiwan = read('taiwan-wra-2014-reservoir-release-zh-tw.xml');
    expect(taiwan.infos[0]!.language.toLowerCase()).toBe('zh-tw');
    expect(read('nws-ipaws-2020-update-multiple-polygons-references.xml').references).toHaveLength(
      8,
    );
  });

  const expected: Record<string, ErrorCode> = {
    'invalid-empty-enums-empty-references-bad-polygon.xml': 'WARNING_ENUM_INVALID',
    'invalid-missing-scope.xml': 'WARNING_ELEMENT_MISSING',
    'invalid-update-with-empty-references.xml': 'WARNING_REFERENCES_INVALID',
    'invalid-wrong-namespace.xml': 'WARNING_NAMESPACE_INVALID',
    'invalid-xxe-doctype-external-entities.xml': 'WARNING_DTD_FORBIDDEN',
  };
  it.each(xmlFiles('cap-invalid'))('refuses %s with its reason', (file, xml) => {
    expect(refusal(xml)).toBe(expected[file] ?? 'a known reason for a new fixture');
  });
});
