/**
 * Where an offline audit spends its time, phase by phase and rule by rule, in one process, with the
 * built modules the CLI runs (dist/), on the path `audit --snapshot` takes (the verdict stage deciding each finding as
 * it is emitted, each dataset dropped after its last reader). For finding what to optimise, not part of the table:
 *
 *   node [--expose-gc] --import tsx bench/eval-breakdown.ts FILE [--top 15] [--src] [--gc] [--no-baseline]
 *
 * After the audit it times what the JSON report alone costs, whatever the rules: every finding's key computed again,
 * the report rendered (not written), then rendered and written to a file as the CLI writes one (temp file, flushed,
 * renamed). With the baseline, those are the floor an audit's JSON report cannot go under on one thread.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
// --src: the TypeScript sources through tsx (node --import tsx), for trying a change without a build.
const fromSrc = process.argv.includes('--src');
const dist = (p: string) => import(pathToFileURL(fromSrc ? join(root, p.replace(/\.js$/, '.ts')) : join(root, 'dist', p)).href);

const file = process.argv[2];
if (!file) throw new Error('usage: eval-breakdown FILE [--top N]');
const topIdx = process.argv.indexOf('--top');
const top = topIdx > 0 ? Number(process.argv[topIdx + 1]) : 15;

const rows: [string, number, number, number][] = [];
let t = performance.now();
let c = process.cpuUsage();
// --gc (with node --expose-gc): collect garbage before reading the heap, so 'heap after' is what is live.
const gc = process.argv.includes('--gc') ? (globalThis as { gc?: () => void }).gc : undefined;
const lap = (name: string) => {
  const now = performance.now();
  const cpu = process.cpuUsage(c);
  gc?.();
  rows.push([name, now - t, (cpu.user + cpu.system) / 1000, process.memoryUsage().heapUsed / 1048576]);
  t = now;
  c = process.cpuUsage();
};

const [{ readSnapshot, dropUnneeded }, { VerdictStage }, { selectRules }, { FORMATS }, { RULES }, { selectedDatasets }, { findingKey }, { writeOutput }] = await Promise.all([
  dist('src/snapshot/io.js'),
  dist('src/engine/verdict.js'),
  dist('src/engine/select.js'),
  dist('src/report/formats.js'),
  dist('rules/index.js'),
  dist('src/commands/audit.js'),
  dist('src/engine/finding-key.js'),
  dist('src/io.js'),
]);
lap('load modules');
if (!process.argv.includes('--no-baseline')) {
  JSON.parse(readFileSync(file, 'utf8'));
  lap('read + JSON.parse alone');
}
// As `aws-tips audit --snapshot FILE` does (src/commands/audit.ts): only the selected rules' datasets kept, each rule's
// findings decided by the verdict stage as they are emitted, each dataset dropped after its last reader.
const selected = selectRules(RULES, { rules: {} }, {});
const snapshot = readSnapshot(file, selectedDatasets(selected));
lap('readSnapshot (read, parse, validate)');
const stage = new VerdictStage({ snapshot, toolVersion: 'bench', source: { kind: 'snapshot', file }, failOn: 'low', knownRules: RULES });
const perRule: [string, number][] = [];
for (const [i, s] of selected.entries()) {
  const c0 = process.cpuUsage();
  stage.evaluate(snapshot, s, selected);
  dropUnneeded(snapshot, selectedDatasets(selected.slice(i + 1)));
  const c1 = process.cpuUsage(c0);
  perRule.push([s.rule.id, (c1.user + c1.system) / 1000]);
}
lap(`evaluate (${selected.length} rules)`);
const report = stage.report();
lap('report (summary, score)');
const render = await FORMATS.json();
let bytes = 0;
try {
  for (const chunk of render(report, { color: false }) as Iterable<string>) bytes += chunk.length;
  lap('render json (not written)');
} catch (err) {
  lap(`render json FAILED: ${(err as Error).message}`);
}
type Keyed = { account: string; ruleId: string; resource: { arn: string }; messageId: string; subject: string };
let keyChars = 0;
for (const f of report.findings as Keyed[]) keyChars += findingKey(f.account, f.ruleId, f.resource.arn, f.messageId, f.subject).length;
lap(`keys of ${report.findings.length} findings, again`);
const out = mkdtempSync(join(tmpdir(), 'aws-tips-breakdown-'));
try {
  await writeOutput(join(out, 'report.json'), render(report, { color: false }));
  lap('render json + write it (atomic)');
} finally {
  rmSync(out, { recursive: true, force: true });
}
const findingsOf = new Map<string, number>(report.rules.map((r: { id: string; counts: Record<string, number>; suppressed: number }) => [r.id, Object.values(r.counts).reduce((a, b) => a + b, 0) + r.suppressed]));

const ms = (x: number) => `${x.toFixed(0).padStart(8)} ms`;
process.stdout.write(`${'phase'.padEnd(40)} ${'wall'.padStart(11)} ${'cpu'.padStart(11)} ${'heap after'.padStart(11)}\n`);
for (const [n, w, cpu, heap] of rows) process.stdout.write(`${n.padEnd(40)} ${ms(w)} ${ms(cpu)} ${heap.toFixed(0).padStart(7)} MiB\n`);
process.stdout.write(`report ${(bytes / 1048576).toFixed(1)} MiB, ${report.findings.length} findings (${keyChars / 32} keys)\n`);
process.stdout.write(`maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n\nslowest rules (CPU time, GC included)\n`);
for (const [id, w] of perRule.sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`${id.padEnd(40)} ${ms(w)} ${String(findingsOf.get(id) ?? 0).padStart(9)} findings\n`);
