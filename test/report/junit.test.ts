import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import type { Report } from '../../src/engine/report.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';

type El = Record<string, unknown>;
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Parses the XML back (throws if it is not well-formed) into plain objects. */
function parse(xml: string) {
  const doc = create(xml).end({ format: 'object' }) as { testsuites: El };
  const suites = list(doc.testsuites.testsuite as El | El[]);
  return { root: doc.testsuites, suites, cases: suites.flatMap((s) => list(s.testcase as El | El[])) };
}

function expected(report: Report) {
  const pairs = new Map<string, Report['findings']>();
  for (const f of report.findings) {
    const k = `${f.ruleId} ${f.resource.arn}`;
    pairs.set(k, [...(pairs.get(k) ?? []), f]);
  }
  const failures = [...pairs.values()].filter((fs) => fs.some((f) => f.status === 'fail' && !f.suppressed)).length;
  const notApplicable = report.rules.filter((r) => !report.findings.some((f) => f.ruleId === r.id)).length;
  return { tests: pairs.size + notApplicable, failures };
}

describe('junit', () => {
  const report = demoReport();
  const xml = renderJunit(report);
  const { root, suites, cases } = parse(xml);

  it('is well-formed XML with one testsuite per section that has rules', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const sections = report.score.sections.filter((s) => report.rules.some((r) => r.section === s.id));
    expect(suites.map((s) => s['@name'])).toEqual(sections.map((s) => s.name));
  });

  it('has one testcase per rule × resource, failures for fail', () => {
    const e = expected(report);
    expect(cases).toHaveLength(e.tests);
    expect(Number(root['@tests'])).toBe(e.tests);
    expect(Number(root['@failures'])).toBe(e.failures);
    expect(cases.filter((c) => c.failure)).toHaveLength(e.failures);
    const ssh = cases.find((c) => String(c['@classname']).endsWith('.ec2-no-ssh-ingress') && c.failure);
    expect(ssh).toBeDefined();
    expect((ssh!.failure as El)['@type']).toMatch(/^(critical|high|medium|low)$/);
    // Suite counts add up to the root's.
    for (const k of ['@tests', '@failures', '@errors', '@skipped'])
      expect(suites.reduce((n, s) => n + Number(s[k]), 0)).toBe(Number(root[k]));
  });

  it('errors for findings that could not be checked, skipped for not-applicable rules and suppressed findings', () => {
    const r = structuredClone(report);
    const fail = r.findings.find((f) => f.status === 'fail')!;
    const warnRule = r.rules[0]!;
    // A rule with no finding at all is not applicable; an error finding is an error; a suppressed fail is skipped.
    r.findings = r.findings.filter((f) => f.ruleId !== warnRule.id);
    r.findings.push({ ...fail, status: 'error', resource: { ...fail.resource, arn: 'arn:aws:ec2:eu-west-1:1:instance/i-err' }, message: 'not checked: AccessDenied' });
    r.findings.push({ ...fail, resource: { ...fail.resource, arn: 'arn:aws:ec2:eu-west-1:1:instance/i-sup' }, suppressed: { reason: 'accepted', expires: null } });
    const p = parse(renderJunit(r));
    const byName = (n: string) => p.cases.find((c) => c['@name'] === n)!;
    expect(byName('arn:aws:ec2:eu-west-1:1:instance/i-err').error).toBeDefined();
    expect((byName('arn:aws:ec2:eu-west-1:1:instance/i-sup').skipped as El)['@message']).toBe('suppressed: accepted');
    const na = p.cases.find((c) => String(c['@classname']).endsWith(`.${warnRule.id}`))!;
    expect((na.skipped as El)['@message']).toMatch(/not applicable/);
  });

  it('stays well-formed with hostile resource strings (markup, control characters, CDATA ends)', () => {
    const hostile = renderJunit(hostileReport(report));
    const p = parse(hostile);
    expect(p.cases.length).toBeGreaterThan(0);
    expect(hostile).not.toMatch(/<script>/);
    // eslint-disable-next-line no-control-regex
    expect(hostile).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(hostile).toContain('\\u001b[31m');
  });

  it('stays well-formed with characters XML 1.0 forbids (U+FFFE, U+FFFF, lone surrogates, NUL) and shows them and bidi controls escaped', () => {
    const xml = renderJunit(invisibleReport(report));
    const p = parse(xml);
    expect(p.cases.length).toBeGreaterThan(0);
    expect(xml).not.toMatch(RAW_UNSAFE);
    expect(xml).toContain('\\ufffe\\uffff\\ud800x\\udfff\\u0000\\u001b');
    expect(xml).toContain('alarm\\u202e\\u202a\\u2066\\u2067\\u2068\\u2069\\u200b');
  });
});

describe('junit: framework controls', () => {
  const report = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
  const xml = renderJunit(report);
  const { cases } = parse(xml);
  const controlsOf = (c: El) => list((c.properties as El | undefined)?.property as El | El[] | undefined).filter((p) => p['@name'] === 'compliance').map((p) => p['@value']);

  it('each testcase of a rule mapped to controls has a compliance property per control', () => {
    for (const rule of report.rules) {
      const own = cases.filter((c) => String(c['@classname']).endsWith(`.${rule.id}`));
      expect(own.length, rule.id).toBeGreaterThan(0);
      for (const c of own) expect(controlsOf(c), rule.id).toEqual(rule.compliance.map((x) => `${x.framework}/${x.control}`));
    }
    // The failing SSH security group's testcase names CIS 5.0 5.3.
    const failing53 = cases.filter((c) => c.failure && controlsOf(c).includes('cis-aws-foundations-5.0/5.3'));
    expect(failing53.length).toBeGreaterThan(0);
    expect(xml).toContain('<property name="compliance" value="cis-aws-foundations-5.0/5.4"/>');
  });

  it('a rule with no control has no properties element', () => {
    const r = structuredClone(report);
    r.rules = r.rules.map((x) => ({ ...x, compliance: [] }));
    expect(renderJunit(r)).not.toContain('name="compliance"');
  });
});
