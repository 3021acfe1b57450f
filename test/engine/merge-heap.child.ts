/**
 * Run by merge-incremental.test.ts as `node --expose-gc --import tsx` (a heap of its own): the heap an
 * organization's merge retains per account, fed N account reports one at a time, against the heap of those
 * accounts' findings alone, and against keeping every account's report until the end (the control).
 * Prints JSON: { findingsKiB, mergerKiB, reportsKiB } per account.
 */
import { ReportMerger } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import { demoReport, demoSnapshot } from '../report/demo-report.js';

const N = Number(process.argv[2] ?? 60);
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const template = demoSnapshot();
// Each account's report built fresh (its own findings), as an audit builds one per account; kept to the
// first 20 findings, as a member account of an organization may have few: what else is kept then shows.
const account = (i: number): Report => {
  const snapshot = structuredClone(template);
  snapshot.meta.accountId = String(100_000_000_000 + i);
  const report = demoReport({ snapshot });
  report.findings = report.findings.slice(0, 20);
  return report;
};
// Warm-up: code compiled and caches filled before anything is measured.
{
  const m = new ReportMerger();
  for (let i = 0; i < 3; i++) m.add(account(i));
  m.report();
}

const kib = (bytes: number) => bytes / N / 1024;
/** The heap held by what `keep` returns for N accounts (measured twice: the second, warmed up, counts). */
function retained(keep: () => unknown): number {
  let bytes = 0;
  for (let round = 0; round < 2; round++) {
    const base = heap();
    let kept: unknown = keep();
    bytes = heap() - base;
    kept = undefined;
    void kept;
  }
  return kib(bytes);
}
const findingsKiB = retained(() => Array.from({ length: N }, (_, i) => account(i).findings));
const mergerKiB = retained(() => {
  const merger = new ReportMerger();
  for (let i = 0; i < N; i++) merger.add(account(i));
  return merger;
});
const reportsKiB = retained(() => Array.from({ length: N }, (_, i) => account(i)));
process.stdout.write(JSON.stringify({ findingsKiB, mergerKiB, reportsKiB }));
