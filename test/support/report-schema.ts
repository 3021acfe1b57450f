import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates reports against the published JSON Schema (schema/report.schema.json), and checks that
 * keys come in the order the schema lists them (the README promises a stable key order).
 *
 *   import { validateReport } from '../support/report-schema.js';
 *   validateReport(JSON.parse(stdout)); // throws with every problem listed
 */

export const REPORT_SCHEMA_PATH = new URL('../../schema/report.schema.json', import.meta.url).pathname;

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  definitions?: Record<string, Schema>;
};

let compiled: { validate: ValidateFunction; schema: Schema } | undefined;

function load() {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Schema;
  const ajv = new Ajv({ allErrors: true, strict: true });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  compiled = { validate: ajv.compile(schema), schema };
  return compiled;
}

function resolve(root: Schema, s: Schema): Schema {
  let cur = s;
  while (cur.$ref) cur = root.definitions![cur.$ref.replace('#/definitions/', '')]!;
  return cur;
}

/** Keys out of the schema's order, as JSON pointers. */
function keyOrder(root: Schema, schema: Schema, value: unknown, path: string, out: string[]): void {
  const s = resolve(root, schema);
  if (s.anyOf) {
    for (const branch of s.anyOf) {
      const b = resolve(root, branch);
      if (b.properties && value && typeof value === 'object' && !Array.isArray(value)) keyOrder(root, b, value, path, out);
    }
    return;
  }
  if (Array.isArray(value) && s.items) {
    value.forEach((v, i) => keyOrder(root, s.items!, v, `${path}/${i}`, out));
    return;
  }
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    const order = Object.keys(s.properties);
    const keys = Object.keys(value).filter((k) => order.includes(k));
    const expected = [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (keys.join() !== expected.join()) out.push(`${path || '/'}: keys ${keys.join(', ')} should come as ${expected.join(', ')}`);
    for (const k of keys) keyOrder(root, s.properties[k]!, (value as Record<string, unknown>)[k], `${path}/${k}`, out);
  }
}

/** Every problem with a report: schema errors, then key-order errors. Empty when it is valid. */
export function reportErrors(json: unknown): string[] {
  const { validate, schema } = load();
  const out: string[] = [];
  if (!validate(json)) out.push(...(validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`));
  keyOrder(schema, schema, json, '', out);
  return out;
}

/** Throws when the report does not match schema/report.schema.json (or its key order). */
export function validateReport(json: unknown): void {
  const errors = reportErrors(json);
  if (errors.length) throw new Error(`report does not match schema/report.schema.json:\n  ${errors.slice(0, 20).join('\n  ')}${errors.length > 20 ? `\n  ... ${errors.length - 20} more` : ''}`);
}
