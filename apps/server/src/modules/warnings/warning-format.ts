import { SaxesParser, type SaxesTagNS } from 'saxes';
import { nationalEventTypeNames } from '@lastmile/shared';
import { AppError } from '../../errors';

/**
 * Reads an official warning (预警) into one internal model, from the three formats it arrives in:
 * CAP 1.2, CAP 1.1 (read-only: it is only ever received) and the China national warning
 * platform's format (国家突发事件预警信息发布系统: no namespace, `sendTime`, colour severities,
 * comma lists of 12-digit division codes, bare-id references). The XML is parsed strictly
 * (saxes); a DTD or an entity declaration is refused outright, so no entity is ever resolved and
 * nothing is fetched. Every refusal is an AppError with a specific code and the element at fault.
 */

export type WarningFormat = 'cap12' | 'cap11' | 'national';
/** 预警级别 by colour: 蓝 (IV) < 黄 (III) < 橙 (II) < 红 (I). */
export type WarningLevel = 'blue' | 'yellow' | 'orange' | 'red';

export interface WarningReference {
  /** Null in the national format, whose references are bare identifiers. */
  sender: string | null;
  identifier: string;
  sent: string | null;
}

export interface WarningArea {
  description: string;
  /** Closed rings of [lat, lon] points (CAP order: latitude first). */
  polygons: [number, number][][];
  circles: { lat: number; lon: number; radiusKm: number }[];
  geocodes: { name: string; value: string }[];
}

export interface WarningInfo {
  language: string;
  categories: string[];
  event: string;
  /** The national platform's event type (e.g. 11B03 暴雨), or a CAP eventCode's value. */
  eventCode: string | null;
  responseTypes: string[];
  urgency: string;
  severity: string;
  certainty: string;
  level: WarningLevel | null;
  effective: string | null;
  onset: string | null;
  expires: string | null;
  senderName: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  web: string | null;
  contact: string | null;
  parameters: { name: string; value: string }[];
  areas: WarningArea[];
}

export interface ParsedWarning {
  format: WarningFormat;
  identifier: string;
  sender: string;
  /** The national platform's issuer code (6-digit division code + organisation code). */
  senderCode: string | null;
  /** ISO 8601 in UTC; every time in the model is. */
  sent: string;
  status: string;
  msgType: string;
  scope: string;
  note: string | null;
  references: WarningReference[];
  infos: WarningInfo[];
}

export const capNamespaces: Record<string, WarningFormat> = {
  'urn:oasis:names:tc:emergency:cap:1.2': 'cap12',
  'urn:oasis:names:tc:emergency:cap:1.1': 'cap11',
  '': 'national',
};

/** The default limit on an uploaded or fetched warning. */
export const warningMaxBytes = 2 * 1024 * 1024;

const enums = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: [
    'Geo',
    'Met',
    'Safety',
    'Security',
    'Rescue',
    'Fire',
    'Health',
    'Env',
    'Transport',
    'Infra',
    'CBRNE',
    'Other',
  ],
  responseType: [
    'Shelter',
    'Evacuate',
    'Prepare',
    'Execute',
    'Avoid',
    'Monitor',
    'Assess',
    'AllClear',
    'None',
  ],
  urgency: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'],
  severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'],
  certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'],
} as const;

/** The national platform grades by colour where CAP grades by words. */
const nationalSeverities: Record<string, WarningLevel | null> = {
  red: 'red',
  orange: 'orange',
  yellow: 'yellow',
  blue: 'blue',
  unknown: null,
};
const levelBySeverity: Record<string, WarningLevel | null> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
  Unknown: null,
};
const levelWords: Record<string, WarningLevel> = {
  red: 'red',
  红: 'red',
  红色: 'red',
  orange: 'orange',
  橙: 'orange',
  橙色: 'orange',
  yellow: 'yellow',
  黄: 'yellow',
  黄色: 'yellow',
  blue: 'blue',
  蓝: 'blue',
  蓝色: 'blue',
};

/**
 * A table's own entry for a word read from the document: `__proto__` or `constructor` in a
 * warning must not find Object.prototype's members.
 */
function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// ---------------------------------------------------------------- the XML tree

interface XmlElement {
  name: string;
  uri: string;
  children: XmlElement[];
  text: string;
}

/** CAP and the national format nest five levels (alert/info/area/geocode/value); far deeper is an attack. */
const maxXmlDepth = 32;

function readXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlElement = { name: '', uri: '', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let failure: AppError | undefined;
  const fail = (error: AppError) => {
    failure ??= error;
  };
  parser.on('doctype', () => fail(new AppError('WARNING_DTD_FORBIDDEN', 400)));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length > maxXmlDepth) {
      const tooDeep = new AppError(
        'WARNING_XML_MALFORMED',
        400,
        { line: parser.line },
        { line: parser.line, reason: `nested deeper than ${maxXmlDepth} elements` },
      );
      fail(tooDeep);
      // Stop here: saxes's namespace lookup grows with the depth, so a 2 MB body of nested
      // tags would otherwise hold the CPU for minutes.
      throw tooDeep;
    }
    const element: XmlElement = { name: tag.local, uri: tag.uri, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (text: string) => {
    stack.at(-1)!.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (error) => {
    fail(
      new AppError(
        'WARNING_XML_MALFORMED',
        400,
        { line: parser.line },
        { line: parser.line, reason: error.message.replace(/^[^:]*:\d+:\d+: /, '') },
      ),
    );
  });
  try {
    // Stop at the first problem: a refused DTD must not be read any further.
    parser.write(xml.replace(/^\uFEFF/, ''));
    if (!failure) {
      parser.close();
    }
  } catch (error) {
    if (!failure) {
      throw error;
    }
  }
  if (failure) {
    throw failure;
  }
  const [document] = root.children;
  if (!document) {
    throw new AppError('WARNING_XML_MALFORMED', 400, { line: 1 }, { line: 1, reason: 'empty' });
  }
  return document;
}

// ---------------------------------------------------------------- reading elements

const missing = (element: string) =>
  new AppError('WARNING_ELEMENT_MISSING', 400, { element }, { element });

class Reader {
  constructor(
    readonly format: WarningFormat,
    readonly uri: string,
  ) {}

  all(parent: XmlElement, name: string): XmlElement[] {
    return parent.children.filter((child) => child.name === name && child.uri === this.uri);
  }

  /** The trimmed text of an optional element; absent or empty → null. */
  optional(parent: XmlElement, name: string): string | null {
    const found = this.all(parent, name)[0];
    const text = found?.text.trim();
    return text ? text : null;
  }

  required(parent: XmlElement, name: string): string {
    const found = this.all(parent, name)[0];
    if (!found) {
      throw missing(name);
    }
    return found.text.trim();
  }

  requiredText(parent: XmlElement, name: string): string {
    const text = this.required(parent, name);
    if (!text) {
      throw missing(name);
    }
    return text;
  }

  oneOf<T extends string>(parent: XmlElement, name: string, allowed: readonly T[]): T {
    const value = this.required(parent, name);
    return checkEnum(name, value, allowed);
  }

  time(parent: XmlElement, name: string, required = false): string | null {
    const value = required ? this.requiredText(parent, name) : this.optional(parent, name);
    return value === null ? null : parseTime(this.format, name, value);
  }
}

function checkEnum<T extends string>(element: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError('WARNING_ENUM_INVALID', 400, { element, value }, { element, value });
  }
  return value as T;
}

const capTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2})$/;
/** CAP 1.1 and the national platform are looser: fractions, Z, a space for the T (Beijing time if no zone). */
const looseTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A CAP dateTime as an ISO instant in UTC; the calendar must be real and the zone given. */
function parseTime(format: WarningFormat, element: string, value: string): string {
  const match = (format === 'cap12' ? capTime : looseTime).exec(value);
  const invalid = () =>
    new AppError('WARNING_TIME_INVALID', 400, { element, value }, { element, value });
  if (!match) {
    throw invalid();
  }
  const [, year, month, day, hour, minute, second] = match;
  let zone = match[7] ?? (format === 'national' ? '+08:00' : undefined);
  if (!zone) {
    throw invalid();
  }
  if (/^[+-]\d{4}$/.test(zone)) {
    zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  }
  const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`);
  // Date rolls 2020-02-30 over to March; a real calendar date reads back the same.
  const local = new Date(instant.getTime() + zoneMinutes(zone) * 60_000);
  if (
    Number.isNaN(instant.getTime()) ||
    local.getUTCDate() !== Number(day) ||
    local.getUTCHours() !== Number(hour)
  ) {
    throw invalid();
  }
  return instant.toISOString();
}

function zoneMinutes(zone: string): number {
  if (zone === 'Z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

// ---------------------------------------------------------------- areas

const coordinate = /^([+-]?\d+(?:\.\d+)?),([+-]?\d+(?:\.\d+)?)$/;

function point(text: string): [number, number] | null {
  const match = coordinate.exec(text);
  if (!match) {
    return null;
  }
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
}

function parsePolygon(value: string): [number, number][] {
  const invalid = () =>
    new AppError('WARNING_POLYGON_INVALID', 400, { value: value.slice(0, 200) });
  const points = value.split(/\s+/).map(point);
  if (points.length < 4 || points.some((found) => found === null)) {
    throw invalid();
  }
  const ring = points as [number, number][];
  const [first, last] = [ring[0]!, ring.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw invalid();
  }
  return ring;
}

function parseCircle(value: string): { lat: number; lon: number; radiusKm: number } {
  const [centre, radius, ...rest] = value.split(/\s+/);
  const found = centre ? point(centre) : null;
  const radiusKm = Number(radius);
  if (!found || rest.length > 0 || !/^\d+(\.\d+)?$/.test(radius ?? '') || radiusKm < 0) {
    throw new AppError('WARNING_CIRCLE_INVALID', 400, { value: value.slice(0, 200) });
  }
  return { lat: found[0], lon: found[1], radiusKm };
}

function readArea(reader: Reader, element: XmlElement): WarningArea {
  const national = reader.format === 'national';
  // An empty <polygon/> or <circle/> means none (the schema allows it; the national platform
  // and the NWS send them); a malformed one is refused.
  const shapes = (name: string) =>
    reader
      .all(element, name)
      .map((shape) => shape.text.trim())
      .filter(Boolean);
  const geocodes = national
    ? reader.all(element, 'geocode').flatMap((geocode) => nationalGeocodes(geocode.text))
    : reader.all(element, 'geocode').map((geocode) => ({
        name: reader.requiredText(geocode, 'valueName'),
        value: reader.required(geocode, 'value'),
      }));
  return {
    description: reader.requiredText(element, 'areaDesc'),
    polygons: shapes('polygon').map(parsePolygon),
    circles: shapes('circle').map(parseCircle),
    geocodes,
  };
}

/** "410000000000,410000000000": GB/T 2260 division codes, 6 or 12 digits, comma-separated. */
function nationalGeocodes(text: string): { name: string; value: string }[] {
  const codes = [...new Set(text.split(/[,，\s]+/).filter(Boolean))];
  for (const code of codes) {
    if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) {
      throw new AppError('WARNING_GEOCODE_INVALID', 400, { value: code }, { value: code });
    }
  }
  return codes.map((code) => ({ name: 'GB/T 2260', value: code.padEnd(12, '0') }));
}

// ---------------------------------------------------------------- info and alert

function readInfo(reader: Reader, element: XmlElement): WarningInfo {
  const national = reader.format === 'national';
  const pairs = (name: string) =>
    reader.all(element, name).map((pair) => ({
      name: reader.requiredText(pair, 'valueName'),
      value: reader.required(pair, 'value'),
    }));
  const parameters = pairs('parameter');
  const eventCode = national
    ? reader.requiredText(element, 'eventType')
    : (pairs('eventCode').find((code) => code.value)?.value ?? null);
  const severity = national
    ? reader.requiredText(element, 'severity')
    : reader.oneOf(element, 'severity', enums.severity);
  const nationalLevel = national ? ownValue(nationalSeverities, severity.toLowerCase()) : undefined;
  if (national && nationalLevel === undefined) {
    throw new AppError(
      'WARNING_ENUM_INVALID',
      400,
      { element: 'severity', value: severity },
      { element: 'severity', value: severity },
    );
  }
  const certainties =
    reader.format === 'cap11' ? [...enums.certainty, 'Very Likely'] : enums.certainty;
  const colour = parameters.find((parameter) => /^(colou?r|level)$/i.test(parameter.name));
  const headline = reader.optional(element, 'headline');
  const categories = reader
    .all(element, 'category')
    .map((category) => checkEnum('category', category.text.trim(), enums.category));
  if (!national && categories.length === 0) {
    throw missing('category');
  }
  return {
    language: reader.optional(element, 'language') ?? 'en-US',
    categories,
    event: national
      ? (ownValue(nationalEventTypeNames, eventCode!) ?? headline ?? eventCode!)
      : reader.requiredText(element, 'event'),
    eventCode,
    responseTypes: reader
      .all(element, 'responseType')
      .map((type) => checkEnum('responseType', type.text.trim(), enums.responseType)),
    urgency: reader.oneOf(element, 'urgency', enums.urgency),
    severity,
    certainty: reader.oneOf(element, 'certainty', certainties),
    level:
      (colour && ownValue(levelWords, colour.value.trim().toLowerCase())) ??
      (national ? nationalLevel! : ownValue(levelBySeverity, severity)!),
    effective: reader.time(element, 'effective'),
    onset: reader.time(element, 'onset'),
    expires: reader.time(element, 'expires'),
    senderName: reader.optional(element, 'senderName'),
    headline,
    description: reader.optional(element, 'description'),
    instruction: reader.optional(element, 'instruction'),
    web: reader.optional(element, 'web'),
    contact: reader.optional(element, 'contact'),
    parameters,
    areas: reader.all(element, 'area').map((area) => readArea(reader, area)),
  };
}

function readReferences(reader: Reader, alert: XmlElement, msgType: string): WarningReference[] {
  const elements = reader.all(alert, 'references');
  const invalid = (value: string) =>
    new AppError('WARNING_REFERENCES_INVALID', 400, { value: value.slice(0, 200) });
  if (elements.length === 0) {
    if (msgType === 'Update' || msgType === 'Cancel') {
      throw invalid('');
    }
    return [];
  }
  const text = elements
    .map((element) => element.text)
    .join(' ')
    .trim();
  if (!text) {
    // Schema-valid, and sent (ECCC's <references/> on a new alert), but an update or a
    // cancellation that names nothing cannot be applied.
    if (msgType === 'Update' || msgType === 'Cancel') {
      throw invalid(text);
    }
    return [];
  }
  if (reader.format === 'national') {
    return text
      .split(/[\s,，]+/)
      .filter(Boolean)
      .map((identifier) => ({ sender: null, identifier, sent: null }));
  }
  return text.split(/\s+/).map((entry) => {
    const parts = entry.split(',');
    if (parts.length !== 3 || parts.some((part) => !part)) {
      throw invalid(entry);
    }
    const [sender, identifier, sent] = parts as [string, string, string];
    return { sender, identifier, sent: parseTime(reader.format, 'references', sent) };
  });
}

/**
 * Parses and checks a warning. Throws AppError: PAYLOAD_TOO_LARGE, WARNING_XML_MALFORMED,
 * WARNING_DTD_FORBIDDEN, WARNING_NAMESPACE_INVALID, WARNING_ELEMENT_MISSING, WARNING_ENUM_INVALID,
 * WARNING_TIME_INVALID, WARNING_REFERENCES_INVALID, WARNING_POLYGON_INVALID,
 * WARNING_CIRCLE_INVALID or WARNING_GEOCODE_INVALID.
 */
export function parseWarning(xml: string, maxBytes = warningMaxBytes): ParsedWarning {
  if (Buffer.byteLength(xml) > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', 413, { maxBytes });
  }
  const alert = readXml(xml);
  const format = ownValue(capNamespaces, alert.uri);
  if (!format) {
    throw new AppError(
      'WARNING_NAMESPACE_INVALID',
      400,
      { namespace: alert.uri },
      { namespace: alert.uri },
    );
  }
  if (alert.name !== 'alert') {
    throw missing('alert');
  }
  const reader = new Reader(format, alert.uri);
  const national = format === 'national';
  const msgType = reader.oneOf(alert, 'msgType', enums.msgType);
  return {
    format,
    identifier: reader.requiredText(alert, 'identifier'),
    sender: reader.requiredText(alert, 'sender'),
    senderCode: reader.optional(alert, 'senderCode'),
    sent: reader.time(alert, national ? 'sendTime' : 'sent', true)!,
    status: reader.oneOf(alert, 'status', enums.status),
    msgType,
    scope: reader.oneOf(alert, 'scope', enums.scope),
    note: reader.optional(alert, 'note'),
    references: readReferences(reader, alert, msgType),
    infos: reader.all(alert, 'info').map((info) => readInfo(reader, info)),
  };
}
