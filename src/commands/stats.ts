import type { CallStats } from '../aws/clients.js';

export class Stopwatch {
  private last = performance.now();
  readonly laps: [string, number][] = [];
  lap(name: string): void {
    const now = performance.now();
    this.laps.push([name, now - this.last]);
    this.last = now;
  }
}

/** --stats: API calls per operation, retries, throttles, bytes, and time per phase, on stderr. */
export function printStats(stats: CallStats | undefined, watch: Stopwatch): void {
  const lines: string[] = ['', 'aws-tips --stats'];
  if (stats && stats.byOperation.size) {
    lines.push(`${'operation'.padEnd(52)} ${'calls'.padStart(6)} ${'retries'.padStart(7)} ${'throttled'.padStart(9)} ${'errors'.padStart(6)} ${'KiB'.padStart(8)}`);
    const totals = { calls: 0, attempts: 0, throttles: 0, errors: 0, bytes: 0 };
    for (const op of stats.operations()) {
      const s = stats.byOperation.get(op)!;
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += s[k];
      lines.push(
        `${op.padEnd(52)} ${String(s.calls).padStart(6)} ${String(s.attempts - s.calls).padStart(7)} ${String(s.throttles).padStart(9)} ${String(s.errors).padStart(6)} ${(s.bytes / 1024).toFixed(1).padStart(8)}`,
      );
    }
    lines.push(
      `${'total'.padEnd(52)} ${String(totals.calls).padStart(6)} ${String(totals.attempts - totals.calls).padStart(7)} ${String(totals.throttles).padStart(9)} ${String(totals.errors).padStart(6)} ${(totals.bytes / 1024).toFixed(1).padStart(8)}`,
    );
  } else lines.push('no AWS calls (offline snapshot)');
  lines.push(watch.laps.map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(' · '));
  process.stderr.write(`${lines.join('\n')}\n`);
}
