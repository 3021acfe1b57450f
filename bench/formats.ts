/**
 * Every report format written in one run (`--format F=FILE` once per format) from a synthetic
 * snapshot (bench/synthetic.ts): the exit code (0 or 1: the run completed and wrote its reports),
 * peak RSS, wall and CPU time, and each file's size. A format that was not written (the run died,
 * or the format failed) is a NO row with the run's exit code and last stderr line: the benchmark
 * reports the renderers as they are, it does not stop.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSyntheticSnapshot } from './synthetic.js';
import { BIN, mib, ms, runNode, statsPhases, verdict, type Row } from './util.js';

export const ALL_FORMATS = ['json', 'sarif', 'junit', 'csv', 'markdown', 'html', 'terminal', 'ocsf', 'asff'];

export interface FormatsOptions {
  resources: number;
  formats?: string[];
  dir: string;
  keep: boolean;
  log: (s: string) => void;
}

export interface FormatsResult {
  resources: number;
  fileMiB: number;
  code: number | null;
  wallMs: number;
  cpuMs?: number;
  maxRssMiB?: number;
  stderrTail: string;
  phases: string;
  outputs: { format: string; bytes: number | null }[];
}

export async function formatsBench(opts: FormatsOptions): Promise<{ rows: Row[]; result: FormatsResult }> {
  mkdirSync(opts.dir, { recursive: true });
  const formats = opts.formats ?? ALL_FORMATS;
  const file = join(opts.dir, `synthetic-${opts.resources}.json`);
  const out = (f: string) => join(opts.dir, `every-format.${f}`);
  opts.log(`formats: generating ${opts.resources.toLocaleString('en-US')} resources...`);
  const gen = writeSyntheticSnapshot(file, { resources: opts.resources });
  const fileMiB = statSync(file).size / 1048576;
  for (const f of formats) rmSync(out(f), { force: true });
  opts.log(`formats: audit --snapshot with ${formats.length} formats in one run...`);
  const a = await runNode([BIN, 'audit', '--snapshot', file, ...formats.flatMap((f) => ['--format', `${f}=${out(f)}`]), '--stats'], { usage: true });
  const ok = a.code === 0 || a.code === 1;
  const lines = a.stderr.trim().split('\n').filter(Boolean);
  // The last line that is not a stack frame or --stats output says why a run failed.
  const stderrTail = (lines.filter((l) => !/^\s+at |^(collect|evaluate|report|requests|phase)\b/.test(l)).pop() ?? '').slice(0, 200);
  const phases = statsPhases(a.stderr);
  const outputs = formats.map((format) => ({ format, bytes: existsSync(out(format)) ? statSync(out(format)).size : null }));
  const result: FormatsResult = { resources: gen.resources, fileMiB, code: a.code, wallMs: a.wallMs, cpuMs: a.cpuMs, maxRssMiB: a.maxRssMiB, stderrTail, phases, outputs };
  const label = `${gen.resources.toLocaleString('en-US')} resources, ${formats.length} formats in one run`;
  const rows: Row[] = [
    { figure: `${label}: snapshot file`, value: `${fileMiB.toFixed(0)} MiB` },
    { figure: '  exit code', value: String(a.code), target: '0 or 1', verdict: verdict(ok) },
    ...(ok ? [] : [{ figure: '  stderr', value: stderrTail.slice(0, 80) }]),
    { figure: '  peak RSS', value: mib(a.maxRssMiB), target: '< 2 GB (1907 MiB)', verdict: verdict(a.maxRssMiB === undefined ? undefined : a.maxRssMiB < 1907) },
    { figure: '  wall / CPU (user + system)', value: `${ms(a.wallMs)} / ${a.cpuMs === undefined ? 'n/a' : ms(a.cpuMs)}` },
    { figure: '  phases (--stats)', value: phases || 'n/a' },
    ...outputs.map((o) =>
      o.bytes !== null && ok
        ? { figure: `  ${o.format}`, value: `${(o.bytes / 1048576).toFixed(1)} MiB`, target: 'written', verdict: 'yes' }
        : { figure: `  ${o.format}`, value: o.bytes === null ? 'not written' : `${(o.bytes / 1048576).toFixed(1)} MiB`, target: `exit ${a.code}: ${stderrTail.slice(0, 50)}`, verdict: 'NO' },
    ),
  ];
  if (!opts.keep) for (const f of [file, ...formats.map(out)]) rmSync(f, { force: true });
  return { rows, result };
}
