/**
 * Where an offline audit spends its time, phase by phase and rule by rule, in one process, with the
 * built modules the CLI runs (dist/). For finding what to optimise, not part of the table:
 *
 *   node [--expose-gc] --import tsx bench/eval-breakdown.ts FILE [--top 15] [--src] [--gc] [--no-baseline]
 */
import { readFileSync } from 'node:fs';
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

const [{ parseSnapshot }, { evaluateRule }, { selectRules }, { buildReport }, { FORMATS }, { RULES }] = await Promise.all([
  dist('src/snapshot/io.js'),
  dist('src/engine/evaluate.js'),
  dist('src/engine/select.js'),
  dist('src/engine/verdict.js'),
  dist('src/report/formats.js'),
  dist('rules/index.js'),
]);
lap('load modules');
const text = readFileSync(file, 'utf8');
lap('read file');
if (!process.argv.includes('--no-baseline')) {
  JSON.parse(text);
  lap('JSON.parse alone');
}
const snapshot = parseSnapshot(text, file);
lap('parseSnapshot (parse + validate)');
const selected = selectRules(RULES, { rules: {} }, {});
const perRule: [string, number, number][] = [];
const results = [];
for (const s of selected) {
  const c0 = process.cpuUsage();
  const r = evaluateRule(snapshot, s);
  const c1 = process.cpuUsage(c0);
  perRule.push([s.rule.id, (c1.user + c1.system) / 1000, r.findings.length]);
  results.push(r);
}
lap(`evaluate (${selected.length} rules)`);
const report = buildReport({ snapshot, results, toolVersion: 'bench', source: { kind: 'snapshot', file }, failOn: 'low' });
lap('buildReport');
const render = await FORMATS.json();
let bytes = 0;
try {
  const out = render(report, { color: false }) as string | Iterable<string>;
  if (typeof out === 'string') bytes = out.length;
  else for (const chunk of out) bytes += chunk.length;
  lap('render json');
} catch (err) {
  lap(`render json FAILED: ${(err as Error).message}`);
}

const ms = (x: number) => `${x.toFixed(0).padStart(8)} ms`;
process.stdout.write(`${'phase'.padEnd(40)} ${'wall'.padStart(11)} ${'cpu'.padStart(11)} ${'heap after'.padStart(11)}\n`);
for (const [n, w, cpu, heap] of rows) process.stdout.write(`${n.padEnd(40)} ${ms(w)} ${ms(cpu)} ${heap.toFixed(0).padStart(7)} MiB\n`);
process.stdout.write(`report ${(bytes / 1048576).toFixed(1)} MiB, ${results.reduce((n, r) => n + r.findings.length, 0)} findings\n`);
process.stdout.write(`maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n\nslowest rules (CPU time, GC included)\n`);
for (const [id, w, n] of perRule.sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`${id.padEnd(40)} ${ms(w)} ${String(n).padStart(9)} findings\n`);
