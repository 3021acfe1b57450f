import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { selectedDatasets } from '../../src/commands/audit.js';
import { emptyConfig } from '../../src/config/load.js';
import { selectRules } from '../../src/engine/select.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { expectUsageError, run } from '../cli/run.js';

/**
 * An audit validates and keeps only the datasets its selected rules read (and the tag datasets the engine joins
 * to their items): a damaged dataset no selected rule reads is dropped unread, as nothing could be misled by it;
 * a damaged one a selected rule reads is still refused, one line, exit 2.
 */
const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
const demo = () => JSON.parse(readFileSync(DEMO, 'utf8')) as Record<string, any>;
const RULE = 'cloudtrail-multi-region-logging'; // needs cloudtrail.trails, optionally cloudtrail.eventDataStores
const needed = () => selectedDatasets(selectRules(RULES, emptyConfig(), { rule: [RULE] }));

function damaged(): Record<string, any> {
  const s = demo();
  s.ec2.instances[1].InstanceId = 42; // no selected rule reads ec2.instances
  return s;
}

function file(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aws-tips-needed-')), 's.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('only the datasets the selected rules need', () => {
  it('are validated and kept: a damaged unneeded dataset is dropped, not refused', () => {
    const snapshot = parseSnapshot(JSON.stringify(damaged()), 's.json', needed());
    expect((snapshot.cloudtrail as { trails: unknown[] }).trails.length).toBeGreaterThan(0);
    expect((snapshot.ec2 as Record<string, unknown>).instances).toBeUndefined();
    // Without the selection (every rule), the same damage is refused.
    expect(() => parseSnapshot(JSON.stringify(damaged()), 's.json')).toThrow(/ec2\.instances\[1\]\.InstanceId/);
  });

  it('a damaged dataset a selected rule reads is still refused, naming the field', () => {
    const s = demo();
    s.cloudtrail.trails[0].IsMultiRegionTrail = 'yes';
    expect(() => parseSnapshot(JSON.stringify(s), 's.json', needed())).toThrow(/invalid snapshot s\.json: cloudtrail\.trails\[0\]\.IsMultiRegionTrail/);
  });

  it('the engine\'s own reads stay checked: meta, unknown keys, a slice that is not an object', () => {
    const bad = demo();
    bad.meta.accountId = 'nope';
    expect(() => parseSnapshot(JSON.stringify(bad), 's.json', needed())).toThrow(/meta\.accountId/);
    const unknown = demo();
    unknown.ec2.noSuchDataset = [];
    expect(() => parseSnapshot(JSON.stringify(unknown), 's.json', needed())).toThrow(/ec2\.noSuchDataset: unknown key/);
  });

  it('the tag datasets joined to a needed dataset are kept (a finding\'s resource carries its tags)', () => {
    const keys = selectedDatasets(selectRules(RULES, emptyConfig(), { rule: ['s3-bucket-name-no-dots'] }));
    expect(keys.has('s3.buckets')).toBe(true);
    expect(keys.has('s3.bucketTagging')).toBe(true);
  });

  it('audit --snapshot --rule X audits a snapshot whose damage is in a dataset X does not read; damage X reads is exit 2', () => {
    const ok = run(['audit', '--snapshot', file(damaged()), '--rule', RULE, '--format', 'json']);
    expect(ok.stderr).toBe('');
    expect([0, 1]).toContain(ok.code);
    expect(JSON.parse(ok.stdout).rules.map((r: { id: string }) => r.id)).toEqual([RULE]);
    const s = damaged();
    s.cloudtrail.trails[0].IsMultiRegionTrail = 'yes';
    expectUsageError(run(['audit', '--snapshot', file(s), '--rule', RULE, '--format', 'json']), /invalid snapshot .*: cloudtrail\.trails\[0\]\.IsMultiRegionTrail/);
    // Every rule selected: the damage in ec2.instances is read, so refused.
    expectUsageError(run(['audit', '--snapshot', file(damaged()), '--format', 'json']), /invalid snapshot .*: ec2\.instances\[1\]\.InstanceId/);
  }, 120_000);
});
