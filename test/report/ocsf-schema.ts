import { readFileSync } from 'node:fs';

/**
 * Checks OCSF events against the class compiled from the OCSF schema's own sources (schema/ocsf-1.8.0-
 * compliance_finding.json, written by scripts/gen-ocsf-schema.mjs): required attributes present, every value of
 * its attribute's type (scalar types with their regex, length and range; objects recursively; arrays), enum ids
 * the schema defines with their sibling caption, the objects' constraints (at_least_one, just_one), no attribute
 * the class or object does not define, no profile attribute without its profile in metadata.profiles, and no
 * deprecated attribute.
 */

export const OCSF_SCHEMA_PATH = new URL('../../schema/ocsf-1.8.0-compliance_finding.json', import.meta.url).pathname;

interface Attr {
  type: string;
  requirement: 'required' | 'recommended' | 'optional';
  is_array?: boolean;
  enum?: Record<string, string>;
  sibling?: string;
  profile?: string;
  deprecated?: string;
}
interface Compiled {
  version: string;
  class: { name: string; uid: number; category_uid: number; attributes: Record<string, Attr> };
  objects: Record<string, { attributes: Record<string, Attr>; constraints?: { at_least_one?: string[]; just_one?: string[] } }>;
  types: Record<string, { type?: string; regex?: string; max_len?: number; range?: [number, number]; values?: unknown[] }>;
}

export function loadOcsfSchema(path = OCSF_SCHEMA_PATH): Compiled {
  return JSON.parse(readFileSync(path, 'utf8')) as Compiled;
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function ocsfErrors(event: unknown, schema: Compiled = loadOcsfSchema()): string[] {
  const errors: string[] = [];
  if (!isPlain(event)) return ['event: not an object'];
  const metadata = event.metadata;
  const profiles = new Set(isPlain(metadata) && Array.isArray(metadata.profiles) ? (metadata.profiles as string[]) : []);
  for (const p of profiles) if (p !== 'cloud' && p !== 'datetime' && p !== 'host' && p !== 'osint' && p !== 'security_control' && p !== 'incident' && p !== 'data_classification' && p !== 'container') errors.push(`metadata.profiles: unknown profile ${p}`);

  function scalar(path: string, typeName: string, v: unknown): void {
    const t = schema.types[typeName];
    if (!t) return void errors.push(`${path}: unknown type ${typeName}`);
    const base = t.type ?? typeName;
    switch (base) {
      case 'string_t':
        if (typeof v !== 'string') return void errors.push(`${path}: ${typeName} must be a string, got ${JSON.stringify(v)}`);
        if (t.regex && !new RegExp(t.regex).test(v)) errors.push(`${path}: ${JSON.stringify(v)} does not match ${typeName}`);
        if (t.max_len !== undefined && v.length > t.max_len) errors.push(`${path}: longer than ${t.max_len}`);
        return;
      case 'integer_t':
        if (!Number.isInteger(v) || Math.abs(v as number) > 2 ** 31) errors.push(`${path}: ${typeName} must be a 32-bit integer, got ${JSON.stringify(v)}`);
        else if (t.range && ((v as number) < t.range[0] || (v as number) > t.range[1])) errors.push(`${path}: out of range`);
        return;
      case 'long_t':
        if (!Number.isSafeInteger(v)) errors.push(`${path}: ${typeName} must be an integer, got ${JSON.stringify(v)}`);
        return;
      case 'float_t':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: ${typeName} must be a number`);
        return;
      case 'boolean_t':
        if (typeof v !== 'boolean') errors.push(`${path}: ${typeName} must be a boolean`);
        return;
      case 'json_t':
        return;
      default:
        errors.push(`${path}: unhandled type ${typeName}`);
    }
  }

  function value(path: string, a: Attr, v: unknown): void {
    if (a.type === 'object') {
      if (!isPlain(v)) errors.push(`${path}: must be an object`);
      return;
    }
    if (a.type.endsWith('_t')) return scalar(path, a.type, v);
    const obj = schema.objects[a.type];
    if (!obj) return void errors.push(`${path}: unknown object type ${a.type}`);
    if (!isPlain(v)) return void errors.push(`${path}: must be a ${a.type} object`);
    attributes(path, obj.attributes, v);
    const c = obj.constraints;
    if (c?.at_least_one && !c.at_least_one.some((k) => v[k] !== undefined)) errors.push(`${path}: needs at least one of ${c.at_least_one.join(', ')}`);
    if (c?.just_one && c.just_one.filter((k) => v[k] !== undefined).length !== 1) errors.push(`${path}: needs exactly one of ${c.just_one.join(', ')}`);
  }

  function attributes(path: string, defs: Record<string, Attr>, v: Record<string, unknown>): void {
    for (const [name, a] of Object.entries(defs)) {
      if (a.requirement === 'required' && (!a.profile || profiles.has(a.profile)) && v[name] === undefined) errors.push(`${path}.${name}: required`);
    }
    for (const [name, x] of Object.entries(v)) {
      const p = `${path}.${name}`;
      const a = defs[name];
      if (!a) {
        errors.push(`${p}: not an attribute of ${path === 'event' ? schema.class.name : 'this object'}`);
        continue;
      }
      if (a.profile && !profiles.has(a.profile)) errors.push(`${p}: attribute of profile ${a.profile}, which metadata.profiles does not list`);
      if (a.deprecated) errors.push(`${p}: deprecated since ${a.deprecated}`);
      if (x === null) {
        errors.push(`${p}: null`);
        continue;
      }
      if (a.is_array) {
        if (!Array.isArray(x)) errors.push(`${p}: must be an array`);
        else x.forEach((item, i) => value(`${p}[${i}]`, a, item));
      } else value(p, a, x);
      if (a.enum && !a.is_array) {
        const caption = a.enum[String(x)];
        if (caption === undefined) errors.push(`${p}: ${JSON.stringify(x)} is not one of ${Object.keys(a.enum).join(', ')}`);
        // The sibling names the enum value (its caption), except for Other (99), where it is the source's own name.
        else if (a.sibling && v[a.sibling] !== undefined && String(x) !== '99' && v[a.sibling] !== caption) {
          errors.push(`${path}.${a.sibling}: ${JSON.stringify(v[a.sibling])} is not the caption of ${name} ${String(x)} (${caption})`);
        } else if (a.sibling && String(x) === '99' && v[a.sibling] === undefined) errors.push(`${path}.${a.sibling}: required with ${name} 99 (Other)`);
      }
    }
  }

  attributes('event', schema.class.attributes, event);
  if (event.class_uid !== schema.class.uid) errors.push(`event.class_uid: ${String(event.class_uid)}, not ${schema.class.uid}`);
  if (event.type_uid !== (event.class_uid as number) * 100 + (event.activity_id as number)) errors.push('event.type_uid: not class_uid x 100 + activity_id');
  if (isPlain(metadata) && metadata.version !== schema.version) errors.push(`event.metadata.version: ${String(metadata.version)}, not ${schema.version}`);
  return errors;
}
