import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { national, redRainstorm } from '../../test/warning-samples';
import { beijingTime, completeReferences, formatCap12, nationalIdentifierTime } from './cap-export';
import { parseWarning, type ParsedWarning } from './warning-format';

/** What a warning must still say after a trip through CAP 1.2. */
function expectSameWarning(written: ParsedWarning, read: ParsedWarning) {
  expect(read.format).toBe('cap12');
  expect(read).toMatchObject({
    identifier: written.identifier,
    sender: written.sender,
    sent: written.sent,
    status: written.status,
    msgType: written.msgType,
    scope: written.scope,
    references: written.references,
  });
  expect(read.infos).toHaveLength(written.infos.length);
  written.infos.forEach((info, index) => {
    const back = read.infos[index]!;
    expect(back).toMatchObject({
      language: info.language,
      event: info.event,
      eventCode: info.eventCode,
      urgency: info.urgency,
      level: info.level,
      effective: info.effective,
      onset: info.onset,
      expires: info.expires,
      headline: info.headline,
      description: info.description,
      instruction: info.instruction,
      parameters: info.parameters,
      areas: info.areas,
    });
  });
}

describe('CAP 1.2 export', () => {
  it('writes Beijing times with their offset, latitude-first polygons and escaped text', () => {
    const warning = parseWarning(
      redRainstorm.replace('停止户外作业。', '停止户外作业 &amp; 关闭 &lt;景区&gt; "漂流"。'),
    );
    const xml = formatCap12(warning);
    expect(xml).toContain('<sent>2026-07-12T02:05:00+08:00</sent>');
    expect(xml).toContain('<polygon>31.8,113.1 31.9,113.1 31.9,113.3 31.8,113.1</polygon>');
    expect(xml).toContain('<circle>31.85,113.2 5.5</circle>');
    expect(xml).toContain('停止户外作业 &amp; 关闭 &lt;景区&gt; "漂流"。');
    expectSameWarning(warning, parseWarning(xml));
  });

  it('writes the national format as CAP: colour as severity, event type as an event code', () => {
    const warning = completeReferences(parseWarning(national()));
    expect(warning.references[0]).toEqual({
      sender: '随县气象局',
      identifier: '42132141600000_20260711180000',
      sent: '2026-07-11T10:00:00.000Z',
    });
    const xml = formatCap12(warning);
    expect(xml).toContain('<severity>Extreme</severity>');
    expect(xml).toContain('<category>Met</category>');
    expect(xml).toContain(
      '<references>随县气象局,42132141600000_20260711180000,2026-07-11T18:00:00+08:00</references>',
    );
    expectSameWarning(warning, parseWarning(xml));
  });

  it('completes bare references itself, and notes the ones it cannot date instead of writing them', () => {
    const bare = parseWarning(national());
    expect(formatCap12(bare)).toContain(
      '<references>随县气象局,42132141600000_20260711180000,2026-07-11T18:00:00+08:00</references>',
    );
    const undated = {
      ...bare,
      references: [{ sender: null, identifier: 'no-time-in-this-id', sent: null }],
    };
    const xml = formatCap12(undated);
    expect(xml).not.toContain('<references>');
    expect(xml).toContain('<note>引用 references: no-time-in-this-id</note>');
  });

  it('reads times back across the date line of Beijing midnight', () => {
    expect(beijingTime('2026-07-11T16:30:00.000Z')).toBe('2026-07-12T00:30:00+08:00');
    expect(nationalIdentifierTime('41000041600000_20200204121842')).toBe(
      '2020-02-04T04:18:42.000Z',
    );
    expect(nationalIdentifierTime('not-a-national-id')).toBeNull();
  });
});

const fixtures = path.resolve(process.cwd(), '../shared/fixtures');
const haveFixtures = fs.existsSync(path.join(fixtures, 'cap-schema', 'CAP-v1.2.xsd'));

describe.skipIf(!haveFixtures)('CAP 1.2 export against the OASIS schema', () => {
  const schema = () => ({
    fileName: 'CAP-v1.2.xsd',
    contents: fs.readFileSync(path.join(fixtures, 'cap-schema', 'CAP-v1.2.xsd'), 'utf8'),
  });
  const files = haveFixtures
    ? fs.readdirSync(path.join(fixtures, 'cap')).filter((file) => file.endsWith('.xml'))
    : [];

  it('has a schema check that refuses what it should', async () => {
    const result = await validateXML({
      xml: {
        fileName: 'warning.xml',
        contents: formatCap12(parseWarning(redRainstorm)).replace(/<scope>[^<]*<\/scope>/, ''),
      },
      schema: schema(),
    });
    expect(result.valid).toBe(false);
  });

  it.each(files)('writes %s as valid CAP 1.2 that reads back the same', async (file) => {
    const read = completeReferences(
      parseWarning(fs.readFileSync(path.join(fixtures, 'cap', file), 'utf8')),
    );
    const xml = formatCap12(read);
    const result = await validateXML({
      xml: { fileName: 'warning.xml', contents: xml },
      schema: schema(),
    });
    expect(result.errors.map((error) => error.message)).toEqual([]);
    expect(result.valid).toBe(true);
    expectSameWarning(read, parseWarning(xml));
  });
});
