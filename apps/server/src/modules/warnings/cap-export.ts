import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { ParsedWarning, WarningInfo, WarningLevel, WarningReference } from './warning-format';

/**
 * Writes a warning as CAP 1.2 that validates against the OASIS schema: elements in the schema's
 * order, times in Beijing time with their offset (+08:00), polygons latitude first, text escaped
 * by the builder. The national format's colour severities become CAP's words (红 Extreme, 橙
 * Severe, 黄 Moderate, 蓝 Minor) and its event type an `eventCode` named `eventType`; a warning
 * without a category (the national format has none) is `Met` for a meteorological 11B code and
 * `Other` otherwise. References must name their sender and sent time (see
 * `nationalIdentifierTime` for the national platform's bare identifiers).
 */
/**
 * CAP references name sender, identifier and sent time. The national format's bare references
 * get the warning's own sender and the time their identifier carries; any still incomplete are
 * left out of `references` and named in the note instead, so the document stays valid.
 */
export function completeReferences(warning: ParsedWarning): ParsedWarning {
  const completed = warning.references.map((reference) => ({
    sender: reference.sender ?? warning.sender,
    identifier: reference.identifier,
    sent: reference.sent ?? nationalIdentifierTime(reference.identifier),
  }));
  const unnamed = completed
    .filter((reference) => !reference.sent)
    .map((reference) => reference.identifier);
  const note = unnamed.length > 0 ? `引用 references: ${unnamed.join(' ')}` : null;
  return {
    ...warning,
    references: completed.filter((reference) => reference.sent),
    note: [warning.note, note].filter(Boolean).join('\n') || null,
  };
}

export function formatCap12(original: ParsedWarning): string {
  const warning = completeReferences(original);
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const alert = document.ele('urn:oasis:names:tc:emergency:cap:1.2', 'alert');
  const text = (parent: XMLBuilder, name: string, value: string | null) => {
    if (value !== null && value !== '') {
      parent.ele(name).txt(value);
    }
  };
  text(alert, 'identifier', warning.identifier);
  text(alert, 'sender', warning.sender);
  text(alert, 'sent', beijingTime(warning.sent));
  text(alert, 'status', warning.status);
  text(alert, 'msgType', warning.msgType);
  text(alert, 'scope', warning.scope);
  text(alert, 'note', warning.note);
  if (warning.references.length > 0) {
    text(alert, 'references', warning.references.map(referenceText).join(' '));
  }
  for (const info of warning.infos) {
    writeInfo(alert.ele('info'), info, text);
  }
  return document.end({ prettyPrint: true });
}

/** The CAP severity word of a colour level. */
export const severityByLevel: Record<WarningLevel, string> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};
const capSeverities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];

function writeInfo(
  element: XMLBuilder,
  info: WarningInfo,
  text: (parent: XMLBuilder, name: string, value: string | null) => void,
) {
  const pair = (name: string, valueName: string, value: string) => {
    const item = element.ele(name);
    item.ele('valueName').txt(valueName);
    item.ele('value').txt(value);
  };
  text(element, 'language', info.language);
  const categories =
    info.categories.length > 0
      ? info.categories
      : [info.eventCode?.startsWith('11B') ? 'Met' : 'Other'];
  for (const category of categories) {
    text(element, 'category', category);
  }
  text(element, 'event', info.event);
  for (const responseType of info.responseTypes) {
    text(element, 'responseType', responseType);
  }
  text(element, 'urgency', info.urgency);
  text(
    element,
    'severity',
    capSeverities.includes(info.severity)
      ? info.severity
      : info.level
        ? severityByLevel[info.level]
        : 'Unknown',
  );
  // CAP 1.1's "Very Likely" became "Likely" in 1.2.
  text(element, 'certainty', info.certainty === 'Very Likely' ? 'Likely' : info.certainty);
  if (info.eventCode) {
    pair('eventCode', 'eventType', info.eventCode);
  }
  text(element, 'effective', info.effective && beijingTime(info.effective));
  text(element, 'onset', info.onset && beijingTime(info.onset));
  text(element, 'expires', info.expires && beijingTime(info.expires));
  for (const name of [
    'senderName',
    'headline',
    'description',
    'instruction',
    'web',
    'contact',
  ] as const) {
    text(element, name, info[name]);
  }
  for (const parameter of info.parameters) {
    pair('parameter', parameter.name, parameter.value);
  }
  for (const area of info.areas) {
    const written = element.ele('area');
    text(written, 'areaDesc', area.description);
    for (const ring of area.polygons) {
      text(written, 'polygon', ring.map(([lat, lon]) => `${lat},${lon}`).join(' '));
    }
    for (const circle of area.circles) {
      text(written, 'circle', `${circle.lat},${circle.lon} ${circle.radiusKm}`);
    }
    for (const geocode of area.geocodes) {
      const item = written.ele('geocode');
      item.ele('valueName').txt(geocode.name);
      item.ele('value').txt(geocode.value);
    }
  }
}

function referenceText(reference: WarningReference): string {
  if (!reference.sender || !reference.sent) {
    throw new Error(`reference ${reference.identifier} lacks its sender or sent time`);
  }
  return `${reference.sender},${reference.identifier},${beijingTime(reference.sent)}`;
}

/** An ISO instant as CAP wants it, in Beijing time: 2026-07-12T02:05:00+08:00. */
export function beijingTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/**
 * When the national platform issued a warning, read from its identifier
 * (`ZZZZZZDDDUUUXX_YYYYMMDDhhmmss`, Beijing time), as an ISO instant; null if it has no such form.
 */
export function nationalIdentifierTime(identifier: string): string | null {
  const match = /^\d{14}_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(identifier);
  if (!match) {
    return null;
  }
  const [, year, month, day, hour, minute, second] = match;
  const instant = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}+08:00`);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}
