/**
 * fast-check arbitraries drawn from the JSON Schema that /api/openapi.json documents for each
 * operation, for the hostile-input test (R3). Two kinds: `schemaValue` makes values shaped like
 * the schema (they pass validation and reach the service, with ids of real records and region
 * codes in and out of scope when the context has them), and `junkValue` makes values that break
 * it (wrong types, prototype keys, deep nesting, huge numbers). Covers what our contracts use:
 * type, enum, const, formats uuid/date/date-time, patterns, min/max, items, required,
 * additionalProperties, anyOf/oneOf/allOf and OpenAPI 3.0's `nullable`.
 */
import fc from 'fast-check';

/** The part of JSON Schema (OpenAPI 3.0 flavour) the API's request schemas use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
}

/** What the generator knows about the database, so shaped values can name real records. */
export interface GenerationContext {
  /** Ids of records that exist for a property or parameter of this name (may be empty). */
  idsFor(name: string): readonly string[];
  /** Region codes: the caller's own, others in the table, and codes that exist nowhere. */
  regionCodes: readonly string[];
  /** Other known strings for a property of this name (receipt codes, usernames…). */
  stringsFor?(name: string): readonly string[];
}

export interface GenerationOptions {
  /** How often (out of 20) a node is swapped for junk: 0 makes only schema-shaped values. */
  junkWeight?: number;
  /** Longest array generated, whatever maxItems allows. */
  maxArray?: number;
}

const maxSafe = Number.MAX_SAFE_INTEGER;

/** Strings that have broken parsers, databases and renderers before. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; drop table app_user; --",
  '" or 1=1 --',
  '%00',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '\u202eevil\u202c',
  '\ufeffbom',
  '\ud800',
  '\udfff\ud800',
  '👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '随县厉山镇',
  '𠀀𪚥',
  '\r\n\r\nX-Injected: 1',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
];

/** Numbers at the edges of what JSON, JavaScript and PostgreSQL can hold. */
export const hostileNumbers: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 63,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.EPSILON,
];

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) {
    return schema.type;
  }
  return schema.type ? [schema.type] : [];
}

/** A JSON object with an own `__proto__` key (object literals and spreads cannot make one). */
function protoObject(inner: unknown): Record<string, unknown> {
  return JSON.parse(`{"__proto__": ${JSON.stringify(inner)}, "a": 1}`) as Record<string, unknown>;
}

/** `{"a":{"a":…}}` or `[[[…]]]` this deep. */
function nested(depth: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) {
    value = kind === 'object' ? { a: value } : [value];
  }
  return value;
}

const prototypeKeys: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  protoObject({ isAdmin: true, role: 'county_admin' }),
  { constructor: { prototype: { isAdmin: true } } },
  { constructor: { name: 'x' }, toString: 'x', valueOf: 1, hasOwnProperty: 'x' },
);

/** Values of any JSON type, meant to be put where the schema wants something else. */
export const anyJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant('x'.repeat(10_000)),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom<unknown>(1, 'a', null, {}), { maxLength: 5 }),
  prototypeKeys,
  fc.integer({ min: 50, max: 3000 }).map((depth) => nested(depth, 'object')),
  fc.integer({ min: 50, max: 3000 }).map((depth) => nested(depth, 'array')),
);

/** A value of the wrong type for this schema (or a hostile one of the right type). */
export function junkValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const sameTypeJunk: fc.Arbitrary<unknown>[] = [];
  if (types.includes('string')) {
    sameTypeJunk.push(
      fc.constantFrom(...hostileStrings),
      fc.constant('長'.repeat((schema.maxLength ?? 1000) + 1)),
    );
  }
  if (types.includes('integer') || types.includes('number')) {
    sameTypeJunk.push(
      fc.constantFrom(...hostileNumbers),
      fc.constantFrom((schema.minimum ?? -maxSafe) - 1, (schema.maximum ?? maxSafe) + 1),
      fc.constantFrom('1', '0x10', '1e3', ''),
    );
  }
  if (types.includes('array')) {
    sameTypeJunk.push(
      fc.array(anyJunk, { maxLength: 4 }),
      fc.constant(Array.from({ length: (schema.maxItems ?? 200) + 1 }, () => 'x')),
    );
  }
  if (types.includes('object') || schema.properties) {
    sameTypeJunk.push(
      prototypeKeys,
      fc.dictionary(fc.string({ maxLength: 10 }), anyJunk, { maxKeys: 4 }),
      fc
        .dictionary(fc.constantFrom(...Object.keys(schema.properties ?? { a: 1 })), anyJunk, {
          maxKeys: 3,
        })
        .map((value) => ({ ...value, isAdmin: true, role: 'county_admin', id: null })),
    );
  }
  return fc.oneof({ arbitrary: anyJunk, weight: 2 }, ...sameTypeJunk);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const dateArb = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map(isoDate),
  fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map(isoDate),
  fc.constantFrom('2024-02-29', '1970-01-01', '0001-01-01', '9999-12-31', '2026-12-31'),
);

const dateTimeArb = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString()),
  fc
    .tuple(
      fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.constantFrom('+08:00', '-12:00', '+14:00', 'Z', '+00:00'),
      fc.boolean(),
    )
    .map(([date, offset, fraction]) => {
      const base = date.toISOString().slice(0, 19);
      return `${base}${fraction ? '.123456789' : ''}${offset}`;
    }),
  fc.constantFrom('1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-02-29T23:59:59+08:00'),
);

const uuidArb = fc.oneof(
  { arbitrary: fc.uuid({ version: 4 }), weight: 4 },
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
);

/** A string within the schema's length bounds: ordinary, unicode, edge-long or hostile. */
function plainString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 2000;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  const options: fc.Arbitrary<string>[] = [
    fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)) }),
    fc.string({
      unit: 'grapheme',
      minLength,
      maxLength: Math.min(maxLength, Math.max(minLength, 12)),
    }),
    fc.string({
      unit: 'binary',
      minLength,
      maxLength: Math.min(maxLength, Math.max(minLength, 12)),
    }),
    // As long as allowed, in characters that take 3 or 4 bytes in UTF-8.
    fc
      .constantFrom('隐', '𠀀', 'a')
      .map((unit) => unit.repeat(Math.floor(maxLength / unit.length))),
  ];
  const hostile = hostileStrings.filter(fits);
  if (hostile.length > 0) {
    options.push(fc.constantFrom(...hostile));
  }
  return fc.oneof(...options).filter(fits);
}

function stringValue(
  schema: JsonSchema,
  context: GenerationContext,
  name: string,
): fc.Arbitrary<string> {
  const known = context.stringsFor?.(name) ?? [];
  const withKnown = (arbitrary: fc.Arbitrary<string>) =>
    known.length > 0
      ? fc.oneof({ arbitrary, weight: 1 }, { arbitrary: fc.constantFrom(...known), weight: 2 })
      : arbitrary;
  if (schema.format === 'uuid') {
    const ids = context.idsFor(name);
    return ids.length > 0
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...ids), weight: 3 },
          { arbitrary: uuidArb, weight: 1 },
        )
      : uuidArb;
  }
  if (schema.format === 'date') {
    return dateArb;
  }
  if (schema.format === 'date-time') {
    return dateTimeArb;
  }
  if (schema.pattern) {
    const matching = fc
      .stringMatching(new RegExp(schema.pattern))
      .filter(
        (value) =>
          value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity),
      );
    // Region codes from the real table (in and out of the caller's scope) where they fit.
    const pattern = new RegExp(schema.pattern);
    const regionCodes = /region|code/i.test(name)
      ? context.regionCodes.filter((code) => pattern.test(code))
      : [];
    if (regionCodes.length > 0) {
      return fc.oneof(
        { arbitrary: fc.constantFrom(...regionCodes), weight: 4 },
        { arbitrary: matching, weight: 1 },
      );
    }
    return withKnown(matching);
  }
  return withKnown(plainString(schema));
}

function numberValue(schema: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const exclusiveMin =
    typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax =
    typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let min = schema.minimum ?? exclusiveMin ?? (isInteger ? -maxSafe : -1e15);
  let max = schema.maximum ?? exclusiveMax ?? (isInteger ? maxSafe : 1e15);
  if (isInteger) {
    min = Math.ceil(min + (exclusiveMin !== undefined || schema.exclusiveMinimum === true ? 1 : 0));
    max = Math.floor(
      max - (exclusiveMax !== undefined || schema.exclusiveMaximum === true ? 1 : 0),
    );
    const edges = [min, max, Math.max(min, Math.min(max, 0)), Math.max(min, Math.min(max, 1))];
    return fc.oneof(
      { arbitrary: fc.integer({ min, max }), weight: 3 },
      { arbitrary: fc.integer({ min: Math.max(min, -100), max: Math.min(max, 100) }), weight: 2 },
      { arbitrary: fc.constantFrom(...edges), weight: 1 },
    );
  }
  return fc.oneof(
    { arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), weight: 3 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

function objectValue(
  schema: JsonSchema,
  context: GenerationContext,
  options: Required<GenerationOptions>,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) {
    model[key] = schemaValue(property, context, options, key);
  }
  const required = (schema.required ?? []).filter((key) => key in properties);
  const record = fc.record(model, { requiredKeys: required });
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') {
    const keys = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,15}$/),
    );
    return fc
      .tuple(
        record,
        fc.dictionary(keys, schemaValue(extra, context, options, 'additional'), { maxKeys: 4 }),
      )
      .map(([known, more]) => ({ ...more, ...known }));
  }
  return record;
}

/**
 * Values shaped like `schema`; `name` is the property or parameter that holds the value, so
 * `gridId` can be the id of a real grid. With `junkWeight` > 0, any node may instead be junk.
 */
export function schemaValue(
  schema: JsonSchema,
  context: GenerationContext,
  options: GenerationOptions = {},
  name = '',
): fc.Arbitrary<unknown> {
  const resolved: Required<GenerationOptions> = { junkWeight: 0, maxArray: 6, ...options };
  const shaped = shapedValue(schema, context, resolved, name);
  const withNull = schema.nullable
    ? fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 })
    : shaped;
  if (resolved.junkWeight <= 0) {
    return withNull;
  }
  return fc.oneof(
    { arbitrary: withNull, weight: 20 },
    { arbitrary: junkValue(schema), weight: resolved.junkWeight },
  );
}

function shapedValue(
  schema: JsonSchema,
  context: GenerationContext,
  options: Required<GenerationOptions>,
  name: string,
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) {
    return fc.constant(schema.const);
  }
  if (schema.enum) {
    return fc.constantFrom(...schema.enum);
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) {
    return fc.oneof(...branches.map((branch) => schemaValue(branch, context, options, name)));
  }
  if (schema.allOf && schema.allOf.length > 0) {
    // Our contracts use allOf only for intersections of objects: generate the merged object.
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return shapedValue(merged, context, options, name);
  }
  const types = typesOf(schema);
  const type = types.find((candidate) => candidate !== 'null');
  switch (type) {
    case 'string':
      return stringValue(schema, context, name);
    case 'integer':
      return numberValue(schema, true);
    case 'number':
      return numberValue(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(
        minLength,
        Math.min(schema.maxItems ?? options.maxArray, options.maxArray),
      );
      return fc.array(schemaValue(schema.items ?? {}, context, options, name), {
        minLength,
        maxLength,
      });
    }
    case 'object':
      return objectValue(schema, context, options);
    case undefined:
    default:
      if (schema.properties) {
        return objectValue(schema, context, options);
      }
      // An empty schema takes anything.
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** A query or path value as text: what a browser would put in the URL for this value. */
export function asParameterText(value: unknown): string | string[] {
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  if (typeof value === 'string') {
    return value;
  }
  return value === undefined ? '' : JSON.stringify(value);
}
