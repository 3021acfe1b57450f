/**
 * --shard I/N: split the accounts of an organization between N runs of aws-tips (a Kubernetes Indexed
 * Job, an AWS Batch array job, N CI jobs), each auditing the accounts of its own shard.
 *
 * An account's shard depends on its id alone (a hash), never on its place in a sorted list: adding or
 * closing an account never moves any other account to another shard, so each shard's baseline and
 * history stay its own.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { showValue } from './show.js';

/** One shard of N: `index` from 0 to `count - 1`. */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards: more runs than this is a mistake, not a plan (and keeps the numbers exact). */
export const MAX_SHARDS = 10_000;

/** Where `--shard auto/N` reads the shard index, in this order (each names the system that sets it). */
export const SHARD_INDEX_VARIABLES = [
  ['JOB_COMPLETION_INDEX', 'Kubernetes Indexed Job'],
  ['AWS_BATCH_JOB_ARRAY_INDEX', 'AWS Batch array job'],
] as const;

const WHOLE = /^[0-9]+$/;

/**
 * Reads `--shard I/N` (0 <= I < N, N from 1 to 10000). I may be `auto`: the index then comes from
 * JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job);
 * neither set, both set to different values, or a value that is not a whole number is a UsageError.
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const expected = `expected I/N with 0 <= I < N <= ${MAX_SHARDS}, or auto/N`;
  const m = /^([0-9]+|auto)\/([0-9]+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--shard: ${expected}, got ${showValue(value)}`);
  const [, i, n] = m as unknown as [string, string, string];
  const count = Number(n);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard: the number of shards must be from 1 to ${MAX_SHARDS}, got ${showValue(n)}`);
  let index: number;
  let source = '';
  if (i === 'auto') {
    ({ index, source } = autoIndex(env));
  } else {
    index = Number(i);
  }
  if (index >= count)
    throw new UsageError(`--shard: the shard index must be from 0 to ${count - 1} (N = ${count}), got ${showValue(i === 'auto' ? String(index) : i)}${source}`);
  return { index, count };
}

function autoIndex(env: NodeJS.ProcessEnv): { index: number; source: string } {
  const found: { name: string; system: string; raw: string }[] = [];
  for (const [name, system] of SHARD_INDEX_VARIABLES) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') found.push({ name, system, raw: raw.trim() });
  }
  if (found.length === 0)
    throw new UsageError(
      `--shard auto/N: neither ${SHARD_INDEX_VARIABLES.map(([n, s]) => `${n} (${s})`).join(' nor ')} is set; give the index: --shard I/N`,
    );
  for (const f of found)
    if (!WHOLE.test(f.raw)) throw new UsageError(`--shard auto/N: ${f.name} must be a whole number, got ${showValue(f.raw)}`);
  const [first, second] = found as [(typeof found)[0], (typeof found)[0] | undefined];
  if (second && Number(second.raw) !== Number(first.raw))
    throw new UsageError(`--shard auto/N: ${first.name}=${first.raw} and ${second.name}=${second.raw} disagree; unset one or give the index: --shard I/N`);
  return { index: Number(first.raw), source: ` (from ${first.name})` };
}

/**
 * The shard of an account among `count`: the first 8 bytes of sha256(account id), read as an unsigned
 * big-endian integer, modulo count. Depends on the id alone, so it is the same on every run and machine.
 */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count));
}

/** Whether the account belongs to this shard (every account belongs to exactly one shard of N). */
export function inShard(accountId: string, shard: Shard): boolean {
  return shardOf(accountId, shard.count) === shard.index;
}
