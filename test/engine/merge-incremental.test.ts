import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeReports, ReportMerger } from '../../src/engine/merge.js';
import { demoReport, demoSnapshot } from '../report/demo-report.js';

function part(id: string, rule?: string[]) {
  const snapshot = demoSnapshot();
  snapshot.meta.accountId = id;
  return demoReport({ snapshot, rule });
}

describe('ReportMerger (accounts folded in as they complete)', () => {
  it('gives the all-at-once merge whatever the order the accounts complete in, parts with other rules included', () => {
    const parts = [part('333333333333'), part('111111111111', ['ec2-no-ssh-ingress', 'ec2-eip-unassociated']), part('222222222222', ['ec2-eip-unassociated'])];
    const all = mergeReports(parts);
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]]) {
      const m = new ReportMerger();
      for (const i of order) m.add(parts[i]!);
      expect({ ...m.report(), generatedAt: '' }).toEqual({ ...all, generatedAt: '' });
    }
  });

  it('keeps per account no more than its findings (a kept report would also hold its rules and texts)', () => {
    const child = fileURLToPath(new URL('./merge-heap.child.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, '60'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const { findingsKiB, mergerKiB, reportsKiB } = JSON.parse(r.stdout) as Record<string, number>;
    // The control: keeping each account's report costs well over its findings, so the measure can fail.
    expect(reportsKiB).toBeGreaterThan(findingsKiB + 15);
    expect(mergerKiB).toBeLessThan(findingsKiB + 4);
  }, 150_000);
});
