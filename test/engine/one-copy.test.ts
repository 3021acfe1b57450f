import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluateYielding } from '../../src/commands/audit.js';
import { emptyConfig } from '../../src/config/load.js';
import type { Suppression } from '../../src/config/schema.js';
import { evaluate, evaluateRule, type Finding } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { buildReport, VerdictStage, type VerdictInput } from '../../src/engine/verdict.js';
import { demoSnapshot, NOW } from '../report/demo-report.js';

/**
 * A finding has one identity and one verdict stage: the object a rule's finding is made as is the one the
 * report holds (the verdict stage completes it in place), and the verdict is decided finding by finding as
 * rules emit them, giving the same report, byte for byte, as deciding over the finished lists.
 */
const selected = selectRules(RULES, emptyConfig(), {});
const suppressions: Suppression[] = [
  { rule: 'ec2-*', resource: '*', reason: 'accepted for the test' },
  { rule: 's3-*', resource: 'arn:aws:s3:::*', reason: 'expired', expires: '2026-01-01' },
];

function input(snapshot: ReturnType<typeof demoSnapshot>, extra: Partial<VerdictInput> = {}): VerdictInput {
  return { snapshot, toolVersion: 't', source: { kind: 'demo' }, failOn: 'low', now: NOW, knownRules: RULES, ...extra };
}

describe('one copy of a finding', () => {
  it('the report holds the very objects the rules emitted, in order (streamed into the verdict stage)', () => {
    const snapshot = demoSnapshot();
    const stage = new VerdictStage(input(snapshot, { suppressions }));
    const emitted: Finding[] = [];
    for (const s of selected)
      stage.ruleDone(evaluateRule(snapshot, s, selected, (f) => {
        emitted.push(f);
        stage.finding(f);
      }));
    const report = stage.report();
    expect(report.findings.length).toBeGreaterThan(50);
    expect(report.findings).toHaveLength(emitted.length);
    report.findings.forEach((f, i) => expect(f).toBe(emitted[i]));
    expect(report.findings.some((f) => f.suppressed !== null)).toBe(true);
  });

  it('buildReport completes the listed findings in place instead of copying them', () => {
    const snapshot = demoSnapshot();
    const results = evaluate(snapshot, selected);
    const report = buildReport({ ...input(snapshot), results });
    const listed = results.flatMap((r) => r.findings);
    expect(report.findings).toHaveLength(listed.length);
    report.findings.forEach((f, i) => expect(f).toBe(listed[i]));
  });

  it('a streamed rule keeps no list of its own: its findings live only in the report', () => {
    const snapshot = demoSnapshot();
    const stage = new VerdictStage(input(snapshot));
    const r = evaluateRule(snapshot, selected[0]!, selected, stage.finding);
    expect(r.findings).toEqual([]);
    stage.ruleDone(r);
    expect(stage.report().findings.length).toBeGreaterThan(0);
  });

  it('the streamed verdict (the CLI path) gives the JSON of the verdict over finished lists, byte for byte', async () => {
    const baselineReport = buildReport({ ...input(demoSnapshot()), results: evaluate(demoSnapshot(), selected) });
    // Half the problems known before: the rest are new; some baseline findings (keys not found now) are fixed.
    baselineReport.findings = baselineReport.findings.filter((_, i) => i % 2 === 0);
    baselineReport.findings.forEach((f, i) => {
      if (i % 3 === 0) f.key = i.toString(16).padStart(32, 'f');
    });
    const extra: Partial<VerdictInput> = {
      suppressions,
      baseline: { file: 'b.json', report: JSON.parse(JSON.stringify(baselineReport)) },
      frameworks: ['cis-aws-foundations-5.0'],
      minScore: 90,
    };
    const a = demoSnapshot();
    const listed = buildReport({ ...input(a, extra), results: evaluate(a, selected) });
    const b = demoSnapshot();
    const streamed = await evaluateYielding(b, selected, input(b, extra));
    expect(streamed.baseline!.counts.new).toBeGreaterThan(0);
    expect(streamed.baseline!.counts.fixed).toBeGreaterThan(0);
    expect(streamed.frameworks).toHaveLength(1);
    expect(JSON.stringify(streamed, null, 2)).toBe(JSON.stringify(listed, null, 2));
  });
});
