/**
 * Values of the collection flags, checked where they are read: a bad value is one line on stderr
 * (a UsageError, exit 2), never a request that fails later for another reason.
 */
import { UsageError } from './errors.js';

/** --timeout is per request attempt; an hour is far beyond any AWS call (and Node timers stop at 2^31-1 ms). */
export const MAX_TIMEOUT_SECONDS = 3600;
/** --deadline: at most a day. */
export const MAX_DEADLINE_MS = 24 * 3600 * 1000;

/** --timeout SECONDS: a number of seconds, more than 0 and at most an hour. */
export function timeoutSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`--timeout: expected a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS}, got "${v}"`);
  return n;
}

/** --endpoint-url URL: an absolute http:// or https:// URL (an emulator such as moto, a VPC endpoint). */
export function endpointUrl(v: string): string {
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
    throw new UsageError(`--endpoint-url: expected an http:// or https:// URL, got "${v}"`);
  return v;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration: `90s`, `5m`, `1h`, `1m30s`, `500ms`, or a bare number of seconds. Returns milliseconds,
 * more than 0 and at most `max`.
 */
export function parseDuration(v: string, max = MAX_DEADLINE_MS): number | undefined {
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const ms = Number(s) * 1000;
    return ms > 0 && ms <= max ? ms : undefined;
  }
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms > 0 && ms <= max ? ms : undefined;
}

/** --deadline DURATION, in milliseconds. */
export function deadline(v: string): number {
  const ms = parseDuration(v);
  if (ms === undefined) throw new UsageError(`--deadline: expected a duration such as 90s, 5m or 1h (more than 0, at most 24h), got "${v}"`);
  return ms;
}

/** A duration for people: 90 s, 5 min, 1 h 30 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 120) return `${s} s`;
  const min = Math.floor(s / 60);
  const rest = Math.round(s - min * 60);
  if (min < 120) return rest ? `${min} min ${rest} s` : `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}
