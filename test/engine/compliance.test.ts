import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworkVerdict, type RuleVerdict } from '../../src/engine/compliance.js';
import { complianceProblem, controlsOf, type ComplianceRef } from '../../src/compliance/registry.js';
import { RULES } from '../../rules/index.js';
import { renderJson } from '../../src/report/json.js';
import { validateReport } from '../support/report-schema.js';
import { demoReport, demoSnapshot } from '../report/demo-report.js';
import { run } from '../cli/run.js';
import type { FindingStatus, RuleStatus } from '../../src/rule.js';

const counts = (c: Partial<Record<FindingStatus, number>> = {}) => ({ fail: 0, warn: 0, error: 0, pass: 0, info: 0, ...c });
const cis5 = (control: string, coverage: 'full' | 'partial' = 'full'): ComplianceRef =>
  coverage === 'full' ? { framework: 'cis-aws-foundations-5.0', control: control as never, coverage } : { framework: 'cis-aws-foundations-5.0', control: control as never, coverage, note: 'part' };
function verdict(id: string, refs: ComplianceRef[], status: RuleStatus, c: Partial<Record<FindingStatus, number>> = {}, incomplete = false): RuleVerdict {
  return { rule: { id, compliance: refs }, status, counts: counts(c), incomplete };
}
const control = (f: ReturnType<typeof frameworkVerdict>, id: string) => f.controls.find((c) => c.control === id)!;

describe('frameworkVerdict: a control is as good as the worst of its rules', () => {
  it('fail beats pass, an error makes it incomplete (never pass), suppressed-only passes', () => {
    const ran = [
      verdict('a', [cis5('5.3'), cis5('5.4')], 'fail', { fail: 1, pass: 3 }),
      verdict('b', [cis5('5.3', 'partial'), cis5('1.3', 'partial')], 'pass', { pass: 2 }),
      verdict('c', [cis5('3.1')], 'error', { error: 1 }, true),
      verdict('d', [cis5('3.2')], 'pass', { pass: 1 }, true),
      verdict('e', [cis5('1.4')], 'pass'),
      verdict('f', [cis5('1.9')], 'not-applicable'),
    ];
    const f = frameworkVerdict('cis-aws-foundations-5.0', ran, ran.map((r) => r.rule));
    expect(control(f, '5.3')).toMatchObject({ status: 'fail', coverage: 'full', counts: counts({ fail: 1, pass: 5 }) });
    expect(control(f, '5.3').rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(control(f, '1.3')).toMatchObject({ status: 'pass', coverage: 'partial' });
    expect(control(f, '3.1').status).toBe('incomplete');
    // A rule that passed what it read but could not read everything leaves the control incomplete.
    expect(control(f, '3.2').status).toBe('incomplete');
    // A rule whose findings were all suppressed passes, and so does its control.
    expect(control(f, '1.4').status).toBe('pass');
    expect(control(f, '1.9').status).toBe('not-applicable');
  });

  it('lists every control of the framework; those no rule maps are not checked, never passing', () => {
    const ran = [verdict('a', [cis5('5.3')], 'pass', { pass: 1 })];
    const known = [...ran.map((r) => r.rule), { id: 'skipped', compliance: [cis5('1.4')] }];
    const f = frameworkVerdict('cis-aws-foundations-5.0', ran, known);
    expect(f.controls).toHaveLength(controlsOf('cis-aws-foundations-5.0').length);
    expect(control(f, '1.4')).toMatchObject({ status: 'not-checked', notCheckedReason: 'rules-not-run', coverage: null });
    expect(control(f, '1.1')).toMatchObject({ status: 'not-checked', notCheckedReason: 'no-rule' });
    expect(f.summary).toMatchObject({ passed: 1, failed: 0, notChecked: f.controls.length - 1, score: 100 });
  });

  it('scores only the controls checked, and says none was when none was', () => {
    const ran = [verdict('a', [cis5('5.3')], 'fail', { fail: 1 }), verdict('b', [cis5('5.4')], 'pass', { pass: 1 }), verdict('c', [cis5('5.5')], 'warn', { warn: 1 })];
    const f = frameworkVerdict('cis-aws-foundations-5.0', ran, ran.map((r) => r.rule));
    expect(f.summary.score).toBe(33.3);
    expect(f.controls.slice(0, 3).map((c) => c.status)).toEqual(['fail', 'warn', 'pass']);
    expect(frameworkVerdict('cis-aws-foundations-5.0', [], []).summary.score).toBeNull();
  });
});

describe('audit --framework', () => {
  it('the demo lists every CIS 5.0 control; its open SSH group fails the admin-port controls', () => {
    const report = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
    validateReport(JSON.parse(renderJson(report)));
    const [f] = report.frameworks;
    expect(f!.controls.map((c) => c.control).sort()).toEqual(controlsOf('cis-aws-foundations-5.0').map((c) => c.id).sort());
    expect(control(f!, '5.3').status).toBe('fail');
    expect(control(f!, '5.4').status).toBe('fail');
    expect(control(f!, '1.1')).toMatchObject({ status: 'not-checked', notCheckedReason: 'no-rule' });
    // Only rules mapped to the framework ran.
    expect(report.rules.every((r) => r.compliance.some((c) => c.framework === 'cis-aws-foundations-5.0'))).toBe(true);
    expect(report.rules.length).toBeLessThan(demoReport().rules.length);
  });

  it('a control whose only rule errored is incomplete', () => {
    const snapshot = demoSnapshot();
    const cloudtrail = snapshot.cloudtrail as { errors: unknown[] };
    for (const region of snapshot.meta.regions)
      cloudtrail.errors.push({ dataset: 'cloudtrail.trails', service: 'cloudtrail', region, operation: 'DescribeTrails', code: 'AccessDenied', message: 'denied' });
    const report = demoReport({ frameworks: ['cis-aws-foundations-5.0'], snapshot });
    expect(demoReport({ frameworks: ['cis-aws-foundations-5.0'] }).frameworks[0]!.controls.find((c) => c.control === '3.1')!.status).toBe('fail');
    const c31 = control(report.frameworks[0]!, '3.1');
    expect(c31.rules.map((r) => r.id)).toEqual(['cloudtrail-multi-region-logging']);
    expect(c31.status).toBe('incomplete');
    expect(report.frameworks[0]!.summary.incomplete).toBeGreaterThan(0);
  });

  it('an unknown framework is one line and exit 2, naming the known ones; the config is checked too', () => {
    const r = run(['audit', '--demo', '--framework', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown framework "nope" \(known: cis-aws-foundations-3\.0, .*aws-well-architected\)/);
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-fw-'));
    writeFileSync(join(dir, 'c.yml'), 'frameworks: [aws-fsbp, cis-5]\n');
    const c = run(['audit', '--demo', '--config', join(dir, 'c.yml')]);
    expect(c.code).toBe(2);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
    expect(c.stderr).toMatch(/frameworks\[1\]: unknown framework "cis-5"/);
    writeFileSync(join(dir, 'ok.yml'), 'frameworks: [aws-well-architected]\n');
    expect(JSON.parse(run(['audit', '--demo', '--format', 'json', '--config', join(dir, 'ok.yml')]).stdout).frameworks.map((f: { id: string }) => f.id)).toEqual(['aws-well-architected']);
  });

  it('the JSON report carries the view; without --framework it is empty', () => {
    const r = run(['audit', '--demo', '--format', 'json', '--framework', 'aws-fsbp', '--framework', 'cis-aws-foundations-7.0']);
    const json = JSON.parse(r.stdout);
    expect(json.frameworks.map((f: { id: string }) => f.id)).toEqual(['aws-fsbp', 'cis-aws-foundations-7.0']);
    expect(JSON.parse(run(['audit', '--demo', '--format', 'json']).stdout).frameworks).toEqual([]);
  });
});

describe('a control that names the messages bearing on it', () => {
  it('takes its status from those findings alone (and the engine\'s not-checked ones)', () => {
    const root = { ...cis5('1.4'), messages: ['rootNoMfa', 'rootHardwareMfa'] } as ComplianceRef;
    const users = { ...cis5('1.9'), messages: ['noMfa', 'mfa'] } as ComplianceRef;
    const byMessage = new Map([
      ['rootHardwareMfa', { ...counts({ pass: 1 }), suppressed: 0 }],
      ['noMfa', { ...counts({ fail: 2 }), suppressed: 0 }],
    ]);
    const v = { ...verdict('mfa', [root, users], 'fail', { pass: 1, fail: 2 }), byMessage };
    const f = frameworkVerdict('cis-aws-foundations-5.0', [v], [v.rule]);
    // Users without MFA fail the users' control, not root's.
    expect(control(f, '1.4')).toMatchObject({ status: 'pass', counts: counts({ pass: 1 }) });
    expect(control(f, '1.9')).toMatchObject({ status: 'fail', counts: counts({ fail: 2 }) });
    const notChecked = { ...v, byMessage: new Map([...byMessage, ['engine/collection-failed', { ...counts({ error: 1 }), suppressed: 0 }]]) };
    expect(control(frameworkVerdict('cis-aws-foundations-5.0', [notChecked], [v.rule]), '1.4').status).toBe('incomplete');
  });

  it('every message a built-in rule names is one of its messages; a plugin naming another is refused', () => {
    for (const rule of RULES) expect(complianceProblem(rule.id, rule.compliance, rule.messages)).toBeUndefined();
    expect(complianceProblem('acme/x', [{ ...cis5('1.4'), messages: ['nope'] }], { ok: 'fine' })).toBe(
      'rule acme/x: cis-aws-foundations-5.0 1.4 names message "nope", which the rule does not have',
    );
  });

  it('the demo: root has a password and no MFA (root controls fail), no root access key (its control passes), log validation off is a warning', () => {
    const [f] = demoReport({ frameworks: ['cis-aws-foundations-5.0'] }).frameworks;
    expect(control(f!, '1.4').status).toBe('fail');
    expect(control(f!, '1.3').status).toBe('pass');
    expect(control(f!, '3.2').status).toBe('warn');
    expect(control(f!, '3.1').status).toBe('fail');
  });
});

