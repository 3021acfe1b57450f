import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const SARIF_SCHEMA_PATH = new URL('../../schema/sarif-schema-2.1.0.json', import.meta.url).pathname;

let validator: ValidateFunction | undefined;

/**
 * The official SARIF 2.1.0 schema (schema/sarif-schema-2.1.0.json, a copy of the OASIS file). It is a
 * draft-04 schema; ajv 8 speaks draft-07, which differs from draft-04 only in keywords this schema does
 * not use, except its top-level `id` (now `$id`).
 */
export function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

/** Schema errors of a SARIF log, empty when it is valid. */
export function sarifErrors(sarif: unknown): string[] {
  const validate = sarifValidator();
  return validate(sarif) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
