import { describe, expect, it } from 'vitest';
import { evaluate, type SelectedRule } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/verdict.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Emitted, Rule } from '../../src/rule.js';
import { RULES } from '../../rules/index.js';
import { demoSnapshot } from '../report/demo-report.js';

/**
 * A finding's identity is (account, rule, resource, message id, subject): a rule whose every message is
 * reworded and every evidence key renamed gives the same finding keys and the same SARIF fingerprints.
 */
const select = (rule: Rule): SelectedRule => ({ rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });

function audit(rule: Rule) {
  const snapshot = demoSnapshot();
  const report = buildReport({ snapshot, results: evaluate(snapshot, [select(rule)]), toolVersion: 't', source: { kind: 'demo' }, failOn: 'low', now: new Date('2026-11-01T00:00:00Z') });
  const sarif = JSON.parse([...renderSarif(report, { includePassed: true })].join('')).runs[0].results as { partialFingerprints: { primaryLocationLineHash: string } }[];
  return { keys: report.findings.map((f) => f.key), messages: report.findings.map((f) => f.message), fingerprints: sarif.map((r) => r.partialFingerprints.primaryLocationLineHash) };
}

/** The same rule with every message reworded and every evidence key renamed. */
function reworded(rule: Rule): Rule {
  const messages = Object.fromEntries(Object.entries(rule.messages ?? {}).map(([id, text]) => [id, `Reworded: ${text.toUpperCase()}`]));
  return {
    ...rule,
    messages,
    *check(view, ctx) {
      for (const e of rule.check(view, ctx) as Iterable<Emitted>)
        yield { ...e, evidence: Object.fromEntries(Object.entries(e.evidence ?? {}).map(([k, v]) => [`renamed_${k}`, v])) };
    },
  };
}

describe('finding identity', () => {
  for (const id of ['ec2-sg-no-world-ingress', 'ec2-no-ssh-ingress', 'iam-access-key-hygiene']) {
    it(`${id}: rewording every message and renaming every evidence key changes no key and no SARIF fingerprint`, () => {
      const rule = RULES.find((r) => r.id === id)!;
      expect(Object.keys(rule.messages ?? {}).length, `${id} declares its messages`).toBeGreaterThan(0);
      const before = audit(rule);
      const after = audit(reworded(rule));
      expect(before.keys.length).toBeGreaterThan(1);
      expect(after.messages).not.toEqual(before.messages);
      expect(after.keys).toEqual(before.keys);
      expect(after.fingerprints).toEqual(before.fingerprints);
      expect(new Set(before.keys).size).toBe(before.keys.length);
    });
  }
});
