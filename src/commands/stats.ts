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

/** The operation column: with five numbers after it, a line is at most 80 columns; a longer name stands on its own line. */
const OP = 41;
const row = (op: string, cells: string) => (op.length <= OP ? [`${op.padEnd(OP)}${cells}`] : [op, `${''.padEnd(OP)}${cells}`]);

/** --stats: API calls per operation, retries, throttles, bytes, and time per phase, on stderr, in 80 columns. */
export function printStats(stats: CallStats | undefined, watch: Stopwatch): void {
  const lines: string[] = ['', 'aws-tips --stats'];
  if (stats && stats.byOperation.size) {
    lines.push(`${'operation'.padEnd(OP)} ${'calls'.padStart(5)} ${'retries'.padStart(7)} ${'throttled'.padStart(9)} ${'errors'.padStart(6)} ${'KiB'.padStart(7)}`);
    const totals = { calls: 0, attempts: 0, throttles: 0, errors: 0, bytes: 0 };
    for (const op of stats.operations()) {
      const s = stats.byOperation.get(op)!;
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += s[k];
      lines.push(...row(op, ` ${String(s.calls).padStart(5)} ${String(s.attempts - s.calls).padStart(7)} ${String(s.throttles).padStart(9)} ${String(s.errors).padStart(6)} ${(s.bytes / 1024).toFixed(1).padStart(7)}`));
    }
    lines.push(...row('total', ` ${String(totals.calls).padStart(5)} ${String(totals.attempts - totals.calls).padStart(7)} ${String(totals.throttles).padStart(9)} ${String(totals.errors).padStart(6)} ${(totals.bytes / 1024).toFixed(1).padStart(7)}`));
  } else lines.push('no AWS calls (offline snapshot)');
  lines.push(watch.laps.map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(' · '));
  process.stderr.write(`${lines.join('\n')}\n`);
}
