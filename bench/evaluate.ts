/**
 * Part 2: offline evaluation of synthetic snapshots (bench/synthetic.ts) with every rule, against
 * the time a bare `node` process takes to read and JSON.parse the same file.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSyntheticSnapshot } from './synthetic.js';
import { BIN, mib, ms, runNode, statsPhases, verdict, type Row } from './util.js';

export interface EvaluateOptions {
  sizes: number[];
  dir: string;
  keep: boolean;
  log: (s: string) => void;
}

export const PARSE_ONLY = `
const { readFileSync } = require('node:fs');
const t0 = performance.now();
const text = readFileSync(process.argv[1], 'utf8');
const t1 = performance.now();
JSON.parse(text);
process.stdout.write(JSON.stringify({ readMs: t1 - t0, parseMs: performance.now() - t1 }));
`;

export interface EvaluateResult {
  resources: number;
  fileMiB: number;
  parse: { wallMs: number; inProcessParseMs: number; readMs: number; maxRssMiB?: number };
  audit: { wallMs: number; cpuMs?: number; maxRssMiB?: number; code: number | null; phases: string; error?: string };
  ratio: number;
}

export async function evaluate(opts: EvaluateOptions): Promise<{ rows: Row[]; results: EvaluateResult[] }> {
  mkdirSync(opts.dir, { recursive: true });
  const rows: Row[] = [];
  const results: EvaluateResult[] = [];
  for (const n of opts.sizes) {
    const file = join(opts.dir, `synthetic-${n}.json`);
    opts.log(`evaluation: generating ${n.toLocaleString('en-US')} resources...`);
    const gen = writeSyntheticSnapshot(file, { resources: n });
    const fileMiB = statSync(file).size / 1048576;
    opts.log(`evaluation: ${fileMiB.toFixed(0)} MiB; JSON.parse alone...`);
    const p = await runNode(['-e', PARSE_ONLY, file], { usage: true, captureStdout: true });
    if (p.code !== 0) throw new Error(`JSON.parse baseline failed: ${p.stderr.slice(0, 400)}`);
    const inner = JSON.parse(p.stdout) as { readMs: number; parseMs: number };
    opts.log(`evaluation: aws-tips audit --snapshot (${n.toLocaleString('en-US')} resources)...`);
    const a = await runNode([BIN, 'audit', '--snapshot', file, '--format', 'json', '--stats'], { usage: true });
    const phases = statsPhases(a.stderr);
    const ok = a.code === 0 || a.code === 1;
    const r: EvaluateResult = {
      resources: gen.resources,
      fileMiB,
      parse: { wallMs: p.wallMs, inProcessParseMs: inner.parseMs, readMs: inner.readMs, maxRssMiB: p.maxRssMiB },
      audit: { wallMs: a.wallMs, cpuMs: a.cpuMs, maxRssMiB: a.maxRssMiB, code: a.code, phases, ...(ok ? {} : { error: a.stderr.trim().split('\n').pop() }) },
      ratio: a.wallMs / p.wallMs,
    };
    results.push(r);
    const big = n >= 1_000_000;
    const label = `${n.toLocaleString('en-US')} resources`;
    rows.push(
      { figure: `${label}: snapshot file`, value: `${fileMiB.toFixed(0)} MiB` },
      { figure: `${label}: read + JSON.parse alone (wall)`, value: ms(p.wallMs) },
      { figure: '  of which JSON.parse / peak RSS', value: `${ms(inner.parseMs)} / ${mib(p.maxRssMiB)}` },
      ok
        ? { figure: `${label}: audit --snapshot, all rules (wall)`, value: ms(a.wallMs), ...(big ? { target: '< 10 s', verdict: verdict(a.wallMs < 10_000) } : {}) }
        : { figure: `${label}: audit --snapshot FAILED`, value: `exit ${a.code}`, target: r.audit.error?.slice(0, 60) },
      { figure: '  audit peak RSS', value: mib(a.maxRssMiB), ...(big ? { target: '< 2 GB (1907 MiB)', verdict: verdict((a.maxRssMiB ?? Infinity) < 1907) } : {}) },
      { figure: '  audit CPU (user + system)', value: a.cpuMs === undefined ? 'n/a' : ms(a.cpuMs) },
      { figure: '  audit phases (--stats)', value: r.audit.phases || 'n/a' },
      { figure: '  ratio audit / JSON.parse (wall)', value: `${r.ratio.toFixed(2)}x`, ...(big ? { target: '< 3x', verdict: verdict(r.ratio < 3) } : {}) },
    );
    if (!opts.keep) rmSync(file, { force: true });
  }
  return { rows, results };
}
