import type { z } from 'zod';
import { formatPath, zodLine } from '../errors.js';
import type { DatasetDef } from './dataset.js';
import { SERVICES } from './registry.js';
import { getSlice, snapshotSchema, type CollectionError, type Snapshot } from './schema.js';

/**
 * A fast yes/no check compiled from a zod schema, for large snapshots.
 *
 * zod's safeParse builds a full copy of its input (every loose object's unknown keys included), which
 * on a 1,000,000-resource snapshot costs more than JSON.parse itself, and the copy is thrown away
 * (parseSnapshot keeps the parsed objects). This check walks the same schema without allocating.
 * It never accepts what zod rejects: anything it does not know (refinements, transforms, pipes...) is
 * handed to zod for that part. When it says no, the caller runs zod for the error message, so errors
 * are exactly zod's (one line with the path of the bad field).
 */
export type Check = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: unknown[];
  [k: string]: unknown;
}

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const cache = new WeakMap<object, Check>();
const OBJECT_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function compileCheck(schema: z.ZodType): Check {
  const hit = cache.get(schema);
  if (hit) return hit;
  // Recursive schemas: a forwarding stub while this node compiles.
  let compiled: Check | undefined;
  cache.set(schema, (v) => compiled!(v));
  compiled = build(schema);
  cache.set(schema, compiled);
  return compiled;
}

/** zod decides for the parts this compiler does not model. */
const viaZod = (schema: z.ZodType): Check => (v) => schema.safeParse(v).success;

function build(schema: z.ZodType): Check {
  const d = defOf(schema);
  if (d.checks && d.checks.length) return viaZod(schema);
  switch (d.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'any':
    case 'unknown':
      return () => true;
    case 'date':
      return (v) => v instanceof Date && !Number.isNaN(v.getTime());
    case 'literal': {
      const values = d.values as unknown[];
      return (v) => values.includes(v);
    }
    case 'enum': {
      const values = new Set(Object.values(d.entries as Record<string, unknown>));
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = compileCheck(d.innerType as z.ZodType);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compileCheck(d.innerType as z.ZodType);
      return (v) => v === null || inner(v);
    }
    case 'default':
    case 'prefault': {
      // The default itself is filled in by the caller (parseSnapshot keeps the parsed objects).
      const inner = compileCheck(d.innerType as z.ZodType);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const el = compileCheck(d.element as z.ZodType);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!el(v[i])) return false;
        return true;
      };
    }
    case 'union': {
      const options = (d.options as z.ZodType[]).map(compileCheck);
      return (v) => {
        for (const o of options) if (o(v)) return true;
        return false;
      };
    }
    case 'record': {
      const key = compileCheck(d.keyType as z.ZodType);
      const value = compileCheck(d.valueType as z.ZodType);
      return (v) => {
        if (!isRecord(v)) return false;
        for (const k in v) if (Object.hasOwn(v, k) && (!key(k) || !value(v[k]))) return false;
        return true;
      };
    }
    case 'object':
      return buildObject(schema, d);
    default:
      return viaZod(schema);
  }
}

function buildObject(schema: z.ZodType, d: Def): Check {
  const shape = (typeof d.shape === 'function' ? (d.shape as () => Record<string, z.ZodType>)() : d.shape) as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  const checks = keys.map((k) => compileCheck(shape[k]!));
  // A shape key that is also an Object.prototype member must be read as an own property only.
  const own = keys.map((k) => OBJECT_PROTO_KEYS.has(k));
  const catchall = d.catchall ? defOf(d.catchall) : undefined;
  const n = keys.length;
  let extra: 'ignore' | 'reject' | Check;
  if (!catchall) extra = 'ignore'; // z.object(): unknown keys are stripped, not an error
  else if (catchall.type === 'never') extra = 'reject'; // z.strictObject()
  else if (catchall.type === 'unknown' || catchall.type === 'any') extra = 'ignore'; // z.looseObject()
  else extra = compileCheck(d.catchall as z.ZodType);
  const known = new Set(keys);
  if (d.checks && d.checks.length) return viaZod(schema);
  return (v) => {
    if (!isRecord(v)) return false;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const value = own[i] ? (Object.hasOwn(v, k) ? v[k] : undefined) : v[k];
      if (!checks[i]!(value)) return false;
    }
    if (extra === 'ignore') return true;
    for (const k in v) {
      if (!Object.hasOwn(v, k) || known.has(k)) continue;
      if (extra === 'reject' || !extra(v[k])) return false;
    }
    return true;
  };
}

export type ValidationResult = { success: true } | { success: false; error: z.ZodError };

/**
 * Validates parsed snapshot JSON: the compiled check first, zod only when it says no (for zod's own
 * error, or to accept what the check was too strict about).
 */
export function validateSnapshot(data: unknown): ValidationResult {
  if (compileCheck(snapshotSchema)(data)) return { success: true };
  const parsed = snapshotSchema.safeParse(data);
  return parsed.success ? { success: true } : { success: false, error: parsed.error };
}

/**
 * Live collection: what AWS answered is checked against each dataset's schema before any rule reads it
 * (a snapshot file is refused whole instead, by parseSnapshot). An item that does not fit (a date that
 * does not parse, a number where text belongs) is taken out and recorded as a collection error on that
 * resource, so the rules that read it give `error` for it, never a verdict computed from it; the other
 * items and datasets go on. A dataset that is not a list of items is dropped whole, as if its call failed.
 * Runs on the JSON form of the snapshot (what a snapshot file would hold); returns what it recorded.
 */
export function quarantineInvalid(snapshot: Snapshot): CollectionError[] {
  return sweep(snapshot, (schema, value, at) => {
    if (compileCheck(schema)(value)) return undefined;
    const parsed = schema.safeParse(value);
    return parsed.success ? undefined : zodLine(parsed.error, at);
  });
}

/**
 * Live collection, before the JSON form: values JSON cannot hold (an Invalid Date, NaN, Infinity) would become
 * null there, which a rule reads as "never" or "none". The item holding one is taken out the same way.
 */
export function quarantineUnrepresentable(snapshot: Snapshot): CollectionError[] {
  return sweep(snapshot, (_schema, value, at) => {
    const bad = findUnrepresentable(value);
    return bad ? `${formatPath([at, ...bad.path])}: ${bad.what}` : undefined;
  });
}

function findUnrepresentable(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; what: string } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, what: `${String(value)} is not a number JSON can hold` };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { path, what: 'an invalid date' } : undefined;
  if (!value || typeof value !== 'object' || depth > 64 || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnrepresentable(value[i], [...path, i], depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const k of Object.keys(value)) {
    const hit = findUnrepresentable((value as Record<string, unknown>)[k], [...path, k], depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** Takes out each dataset item (or non-list dataset) `issue` finds fault with, recording an error for it. */
function sweep(snapshot: Snapshot, issue: (schema: z.ZodType, value: unknown, at: string) => string | undefined): CollectionError[] {
  const recorded: CollectionError[] = [];
  for (const [service, datasets] of Object.entries(SERVICES)) {
    const slice = getSlice(snapshot, service);
    if (!slice) continue;
    for (const [name, def] of Object.entries(datasets as Record<string, DatasetDef>)) {
      const value = slice[name];
      if (value === undefined) continue;
      const key = `${service}.${name}`;
      const error = (problem: string, region: string, resource?: string): CollectionError => ({
        dataset: key,
        service,
        region,
        operation: def.operations[0] ?? key,
        code: 'InvalidResponse',
        message: `the answer does not fit the ${key} schema: ${problem}`,
        ...(resource ? { resource } : {}),
      });
      const d = (def.schema as unknown as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
      if (d.type === 'array' && Array.isArray(value)) {
        const kept: unknown[] = [];
        value.forEach((item: unknown, i) => {
          const problem = issue(d.element!, item, `${key}[${i}]`);
          if (problem === undefined) return void kept.push(item);
          const it = (item ?? {}) as { Region?: unknown; Arn?: unknown };
          const region = def.scope === 'global' ? 'global' : typeof it.Region === 'string' ? it.Region : 'global';
          // Without its Arn the item cannot be named: its whole region is then unread.
          const resource = typeof it.Arn === 'string' && it.Arn ? it.Arn : undefined;
          recorded.push(error(problem, region, resource));
        });
        if (kept.length !== value.length) slice[name] = kept;
      } else {
        const problem = issue(def.schema, value, key);
        if (problem === undefined) continue;
        delete slice[name];
        recorded.push(error(problem, 'global'));
      }
    }
  }
  for (const e of recorded) {
    const slice = getSlice(snapshot, e.service)!;
    (slice.errors ??= []).push(e);
  }
  return recorded;
}
