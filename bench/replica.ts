/**
 * The demo account replicated (bench/replicate.ts) to N resources, audited offline with every rule
 * and written as JSON, against a bare `node` reading and JSON.parse-ing the same file: the other
 * shape of account next to the synthetic one (part 2), where the rules find much more.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PARSE_ONLY } from './evaluate.js';
import { writeReplicaSnapshot } from './replicate.js';
import { BIN, mib, ms, runNode, statsPhases, verdict, type Row } from './util.js';

export interface ReplicaBenchOptions {
  resources: number;
  dir: string;
  keep: boolean;
  log: (s: string) => void;
}

export interface ReplicaBenchResult {
  resources: number;
  copies: number;
  fileMiB: number;
  reportMiB?: number;
  findings?: number;
  parse: { wallMs: number; inProcessParseMs: number; maxRssMiB?: number };
  audit: { wallMs: number; cpuMs?: number; maxRssMiB?: number; code: number | null; phases: string; error?: string };
  ratio: number;
}

export async function replicaBench(opts: ReplicaBenchOptions): Promise<{ rows: Row[]; result: ReplicaBenchResult }> {
  mkdirSync(opts.dir, { recursive: true });
  const file = join(opts.dir, `replica-${opts.resources}.json`);
  const report = join(opts.dir, `replica-${opts.resources}.report.json`);
  opts.log(`replica: replicating the demo account to ${opts.resources.toLocaleString('en-US')} resources...`);
  const gen = writeReplicaSnapshot(file, { resources: opts.resources });
  const fileMiB = statSync(file).size / 1048576;
  opts.log(`replica: ${gen.copies} copies, ${gen.resources.toLocaleString('en-US')} resources, ${fileMiB.toFixed(0)} MiB; JSON.parse alone...`);
  const p = await runNode(['-e', PARSE_ONLY, file], { usage: true, captureStdout: true });
  if (p.code !== 0) throw new Error(`JSON.parse baseline failed: ${p.stderr.slice(0, 400)}`);
  const inner = JSON.parse(p.stdout) as { readMs: number; parseMs: number };
  opts.log('replica: aws-tips audit --snapshot --format json=FILE --stats...');
  const a = await runNode([BIN, 'audit', '--snapshot', file, '--format', `json=${report}`, '--stats'], { usage: true });
  const phases = statsPhases(a.stderr);
  const ok = a.code === 0 || a.code === 1;
  let findings: number | undefined;
  let reportMiB: number | undefined;
  if (ok) {
    reportMiB = statSync(report).size / 1048576;
    const c = await runNode(['-e', COUNT_FINDINGS, report], { captureStdout: true });
    findings = c.code === 0 ? Number(c.stdout) : undefined;
  }
  const result: ReplicaBenchResult = {
    resources: gen.resources,
    copies: gen.copies,
    fileMiB,
    reportMiB,
    findings,
    parse: { wallMs: p.wallMs, inProcessParseMs: inner.parseMs, maxRssMiB: p.maxRssMiB },
    audit: { wallMs: a.wallMs, cpuMs: a.cpuMs, maxRssMiB: a.maxRssMiB, code: a.code, phases, ...(ok ? {} : { error: a.stderr.trim().split('\n').pop() }) },
    ratio: a.wallMs / p.wallMs,
  };
  const label = `${gen.resources.toLocaleString('en-US')} resources (${gen.copies} copies of the demo)`;
  const rows: Row[] = [
    { figure: `${label}: snapshot file`, value: `${fileMiB.toFixed(0)} MiB` },
    { figure: 'read + JSON.parse alone (wall)', value: ms(p.wallMs) },
    { figure: '  of which JSON.parse / peak RSS', value: `${ms(inner.parseMs)} / ${mib(p.maxRssMiB)}` },
    ok
      ? { figure: 'audit --snapshot --format json=FILE, all rules (wall)', value: ms(a.wallMs) }
      : { figure: 'audit --snapshot FAILED', value: `exit ${a.code}`, target: result.audit.error?.slice(0, 60) },
    { figure: '  audit peak RSS', value: mib(a.maxRssMiB), target: '< 1 GB (954 MiB)', verdict: verdict(a.maxRssMiB === undefined ? undefined : a.maxRssMiB < 954) },
    { figure: '  audit CPU (user + system)', value: a.cpuMs === undefined ? 'n/a' : ms(a.cpuMs) },
    { figure: '  audit phases (--stats)', value: phases || 'n/a' },
    { figure: '  findings / report file', value: `${findings?.toLocaleString('en-US') ?? 'n/a'} / ${reportMiB === undefined ? 'n/a' : `${reportMiB.toFixed(0)} MiB`}` },
    { figure: '  ratio audit / JSON.parse (wall)', value: `${result.ratio.toFixed(2)}x`, target: '< 3x', verdict: verdict(ok ? result.ratio < 3 : false) },
  ];
  if (!opts.keep) for (const f of [file, report]) rmSync(f, { force: true });
  return { rows, result };
}

/** The findings of a JSON report, from its summary (which comes before the findings): the head of the file is enough. */
const COUNT_FINDINGS = `
const { openSync, readSync } = require('node:fs');
const buf = Buffer.alloc(1 << 20);
const head = buf.toString('utf8', 0, readSync(openSync(process.argv[1]), buf, 0, buf.length, 0));
const m = /"summary":\\s*\\{[\\s\\S]*?"findings":\\s*(\\{[^}]*\\})/.exec(head);
if (!m) process.exit(1);
process.stdout.write(String(Object.values(JSON.parse(m[1])).reduce((a, b) => a + b, 0)));
`;
