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

  it('an audit that owns its snapshot drops each dataset after the last rule reading it, with the same report', async () => {
    const extra: Partial<VerdictInput> = { suppressions, frameworks: ['cis-aws-foundations-5.0'] };
    const datasets = (snap: object) =>
      Object.entries(snap).flatMap(([svc, slice]) => (svc === 'meta' || svc === 'errors' || typeof slice !== 'object' || !slice ? [] : Object.keys(slice).map((k) => `${svc}.${k}`)));
    const kept = demoSnapshot();
    const whole = await evaluateYielding(kept, selected, input(kept, extra));
    const inDemo = new Set(datasets(kept));
    const released = demoSnapshot();
    // What is left of the snapshot as each rule starts.
    const leftAtStart: string[][] = [];
    const watching = selected.map((s) => ({
      ...s,
      rule: {
        ...s.rule,
        check: (view: never, ctx: never) => {
          leftAtStart.push(datasets(released));
          return s.rule.check(view, ctx);
        },
      },
    })) as typeof selected;
    const report = await evaluateYielding(released, watching, input(released, extra), { release: true });
    expect(JSON.stringify(report)).toBe(JSON.stringify(whole));
    // Every dataset a rule reads is still there when it runs...
    watching.forEach((s, i) => {
      for (const k of [...s.rule.needs, ...(s.rule.optionalNeeds ?? [])]) if (inDemo.has(k)) expect(leftAtStart[i]).toContain(k);
    });
    // ...and after the last rule none that any rule read is left.
    const read = new Set<string>(selected.flatMap((s) => [...s.rule.needs, ...(s.rule.optionalNeeds ?? [])]));
    expect(datasets(released).filter((k) => read.has(k))).toEqual([]);
    expect([...read].filter((k) => inDemo.has(k)).length).toBeGreaterThan(20);
  });
});
