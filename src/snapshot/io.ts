import { constants } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { UsageError, errorMessage, formatPath, zodLine } from '../errors.js';
import { writeOutput } from '../io.js';
import { SERVICES } from './registry.js';
import { SCHEMA_VERSION, type Snapshot } from './schema.js';
import { validateSnapshot } from './validate.js';

/**
 * Snapshots are read whole: larger files are refused before reading, so memory stays bounded. The
 * limit is the longest string V8 can build (readFileSync cannot read a longer file as text anyway):
 * 512 MB, room for an account of 1,000,000 resources (~500 bytes each in compact JSON).
 * Such a snapshot peaks at about 4.5 times its size through the whole audit (docs/performance.md).
 */
export const MAX_SNAPSHOT_BYTES = Math.min(512 * 1024 * 1024, constants.MAX_STRING_LENGTH);
/** No AWS answer nests anywhere near this deep (CloudFront configurations reach about 10). */
export const MAX_SNAPSHOT_DEPTH = 64;
/** The longest string a snapshot may hold (the credential report of 5 000 users is about 2 MB). */
export const MAX_SNAPSHOT_STRING = 16 * 1024 * 1024;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Walks parsed JSON without recursion (a hostile file may nest 100 000 arrays deep) and returns the
 * first value too deep or too long, with its path; undefined when everything is within bounds.
 */
export function findOversized(
  data: unknown,
  limits: { depth: number; string: number } = { depth: MAX_SNAPSHOT_DEPTH, string: MAX_SNAPSHOT_STRING },
): string | undefined {
  // The common case (nothing oversized) without a frame per value: a large snapshot has tens of millions.
  if (withinLimits(data, limits)) return undefined;
  interface Frame {
    value: unknown;
    depth: number;
    key: string | number | undefined;
    parent: Frame | undefined;
  }
  const pathOf = (f: Frame): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let p: Frame | undefined = f; p && p.key !== undefined; p = p.parent) out.push(p.key);
    return out.reverse();
  };
  const stack: Frame[] = [{ value: data, depth: 0, key: undefined, parent: undefined }];
  while (stack.length) {
    const f = stack.pop()!;
    const v = f.value;
    if (typeof v === 'string') {
      if (v.length > limits.string)
        return `${formatPath(pathOf(f))}: a string of ${v.length} characters, over the limit of ${limits.string}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (f.depth >= limits.depth) {
      const path = pathOf(f);
      return `${formatPath(path.slice(0, 6))}${path.length > 6 ? '…' : ''}: nested more than ${limits.depth} levels deep`;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: f.depth + 1, key: i, parent: f });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (k.length > 1024) return `${formatPath([...pathOf(f), k])}: a key of ${k.length} characters`;
        stack.push({ value: (v as Record<string, unknown>)[k], depth: f.depth + 1, key: k, parent: f });
      }
    }
  }
  return undefined;
}

/** findOversized's yes/no answer, walking with two plain stacks (no path kept, nothing allocated per value). */
function withinLimits(data: unknown, limits: { depth: number; string: number }): boolean {
  const values: unknown[] = [data];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      if (v.length > limits.string) return false;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.depth) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (k.length > 1024) return false;
        values.push((v as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

/** What the engine and every report take on trust from `meta`: checked here, with the field's path. */
function checkMeta(meta: Snapshot['meta']): string | undefined {
  if (!/^\d{12}$/.test(meta.accountId)) return 'meta.accountId: expected a 12-digit AWS account id';
  if (!/^aws(-[a-z]+)*$/.test(meta.partition)) return 'meta.partition: expected an AWS partition (aws, aws-cn, aws-us-gov...)';
  const bad = meta.regions.findIndex((r) => !REGION.test(r));
  if (bad >= 0) return `meta.regions[${bad}]: expected a region name such as us-east-1`;
  if (meta.globalRegion !== undefined && !REGION.test(meta.globalRegion)) return 'meta.globalRegion: expected a region name such as us-east-1';
  // Rules measure ages from collectedAt: an unreadable date would make every age NaN.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(meta.collectedAt) || Number.isNaN(Date.parse(meta.collectedAt)))
    return 'meta.collectedAt: expected an ISO 8601 date-time';
  return undefined;
}

/**
 * Drops, in place, the datasets not in `keep` (the ones no selected rule reads), so they are neither validated
 * nor held: a dataset nothing reads cannot mislead a verdict, even when it is damaged, and a large one is
 * collectable as soon as the snapshot is parsed. Only known dataset names are dropped: an unknown key, a slice
 * that is not an object, meta and the slices' errors lists are left for the validator.
 */
export function dropUnneeded(data: Record<string, unknown>, keep: ReadonlySet<string>): void {
  for (const [service, datasets] of Object.entries(SERVICES)) {
    const slice = Object.hasOwn(data, service) ? data[service] : undefined;
    if (!slice || typeof slice !== 'object' || Array.isArray(slice)) continue;
    for (const name of Object.keys(datasets))
      if (Object.hasOwn(slice, name) && !keep.has(`${service}.${name}`)) delete (slice as Record<string, unknown>)[name];
  }
}

/**
 * Parses and validates snapshot JSON text; every problem is one line naming the path of the bad field.
 * With `datasets` (what the selected rules and the engine read), the others are dropped before validation.
 */
export function parseSnapshot(text: string, name = 'snapshot', datasets?: ReadonlySet<string>): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`invalid snapshot ${name}: not JSON (${errorMessage(err).split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(`invalid snapshot ${name}: expected a JSON object`);
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION)
    throw new UsageError(
      `invalid snapshot ${name}: schemaVersion ${JSON.stringify(version ?? null)?.slice(0, 40)} is not supported (this aws-tips reads ${SCHEMA_VERSION})`,
    );
  if (datasets) dropUnneeded(data as Record<string, unknown>, datasets);
  // The compiled check (zod's own error message when it fails): zod's safeParse copies the whole snapshot.
  const parsed = validateSnapshot(data);
  if (!parsed.success) throw new UsageError(`invalid snapshot ${name}: ${zodLine(parsed.error)}`);
  // Unknown SDK fields are kept unchecked by the schema: bound them too.
  const oversized = findOversized(data);
  if (oversized) throw new UsageError(`invalid snapshot ${name}: ${oversized}`);
  // Keep the original objects (zod's copy would double memory); defaults are filled in place.
  const snapshot = data as Snapshot;
  const badMeta = checkMeta(snapshot.meta);
  if (badMeta) throw new UsageError(`invalid snapshot ${name}: ${badMeta}`);
  for (const [key, value] of Object.entries(snapshot))
    if (key !== 'meta' && key !== 'schemaVersion' && value && typeof value === 'object')
      (value as { errors?: unknown[] }).errors ??= [];
  return snapshot;
}

/** Reads a snapshot file; with `datasets`, only those are validated and kept (see parseSnapshot). */
export function readSnapshot(path: string, datasets?: ReadonlySet<string>): Snapshot {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  if (size > MAX_SNAPSHOT_BYTES)
    throw new UsageError(`snapshot ${path} is ${Math.round(size / 1048576)} MB, over the ${Math.round(MAX_SNAPSHOT_BYTES / 1048576)} MB limit`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  return parseSnapshot(text, path, datasets);
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  // Owner-only: a snapshot holds the credential report and resource policies of the account.
  await writeOutput(path, `${JSON.stringify(snapshot, null, 1)}\n`, 0o600);
}
