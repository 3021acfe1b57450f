import { readFileSync, statSync } from 'node:fs';
import { UsageError, errorMessage, zodLine } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { SCHEMA_VERSION, snapshotSchema, type Snapshot } from './schema.js';

/** Larger files are refused before reading: a snapshot of a very large account is ~1 KB per resource. */
export const MAX_SNAPSHOT_BYTES = 1536 * 1024 * 1024;

/** Parses and validates snapshot JSON text; every problem is one line naming the path of the bad field. */
export function parseSnapshot(text: string, name = 'snapshot'): Snapshot {
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
      `invalid snapshot ${name}: schemaVersion ${JSON.stringify(version ?? null)} is not supported (this aws-tips reads ${SCHEMA_VERSION})`,
    );
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`invalid snapshot ${name}: ${zodLine(parsed.error)}`);
  // Keep the original objects (zod's copy would double memory); defaults are filled in place.
  const snapshot = data as Snapshot;
  for (const [key, value] of Object.entries(snapshot))
    if (key !== 'meta' && key !== 'schemaVersion' && value && typeof value === 'object')
      (value as { errors?: unknown[] }).errors ??= [];
  return snapshot;
}

export function readSnapshot(path: string): Snapshot {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  if (size > MAX_SNAPSHOT_BYTES)
    throw new UsageError(`snapshot ${path} is ${Math.round(size / 1048576)} MB, over the ${MAX_SNAPSHOT_BYTES / 1048576} MB limit`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  return parseSnapshot(text, path);
}

export function writeSnapshot(path: string, snapshot: Snapshot): void {
  writeFileAtomic(path, `${JSON.stringify(snapshot, null, 1)}\n`);
}
