import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import type { Report } from '../../src/engine/report.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';

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

describe('junit: an organization of several accounts', () => {
  const org = orgReport();
  const { suites, cases } = parse(renderJunit(org));
  const propsOf = (c: El) => list((c.properties as El | undefined)?.property as El | El[] | undefined);
  const accountOf = (c: El) => propsOf(c).find((p) => p['@name'] === 'account')?.['@value'];

  it('a testcase per rule × account × resource, named "<account> <ARN>", with an account property', () => {
    const keys = new Set(org.findings.map((f) => `${f.ruleId} ${f.account} ${f.resource.arn}`));
    const notApplicable = org.rules.filter((r) => !org.findings.some((f) => f.ruleId === r.id)).length;
    expect(cases).toHaveLength(keys.size + notApplicable);
    const real = cases.filter((c) => c['@name'] !== '(no resource in scope)');
    for (const c of real) expect(String(c['@name'])).toBe(`${accountOf(c)} ${String(c['@name']).split(' ')[1]}`);
    expect(new Set(real.map(accountOf))).toEqual(new Set([WORST, CLEAN, UNREACHABLE]));
  });

  it('an ARN without an account (an S3 bucket) is one testcase per account', () => {
    const bucket = org.findings.find((f) => f.resource.arn.startsWith('arn:aws:s3:::') && f.account === WORST)!;
    const own = cases.filter((c) => String(c['@classname']).endsWith(`.${bucket.ruleId}`) && String(c['@name']).endsWith(` ${bucket.resource.arn}`));
    expect(own.map(accountOf).sort()).toEqual([WORST, CLEAN]);
  });

  it('the unreachable account\'s testcases are errors; each suite lists the accounts', () => {
    const unreachable = cases.filter((c) => accountOf(c) === UNREACHABLE);
    expect(unreachable.length).toBeGreaterThan(0);
    // Nothing there passes or fails: what reads the account is an error, advice that needs nothing read is skipped.
    for (const c of unreachable) expect(c.error ?? c.skipped, String(c['@name'])).toBeDefined();
    expect(unreachable.filter((c) => c.error).length).toBeGreaterThan(0);
    for (const s of suites) expect(propsOf(s).find((p) => p['@name'] === 'accounts')?.['@value']).toBe([WORST, CLEAN, UNREACHABLE].join(','));
  });

  it('one account: names are ARNs, no account property on a testcase, no accounts property', () => {
    const xml = renderJunit(demoReport());
    expect(xml).not.toContain('name="accounts"');
    const one = parse(xml);
    for (const c of one.cases) expect(accountOf(c)).toBeUndefined();
    expect(one.cases.some((c) => String(c['@name']).startsWith('arn:'))).toBe(true);
  });
});

describe('junit: entity-like text', () => {
  // xmlbuilder2 leaves an '&' that starts something like an entity ('&amp;', '&lt;') unescaped, so a parser
  // read a message's '&amp;' back as '&': the test cases are written with every '&' escaped.
  it('a message and a resource holding "&amp;" or "&lt;" read back as written', () => {
    const report = structuredClone(demoReport());
    const fail = report.findings.find((f) => f.status === 'fail' && !f.suppressed)!;
    fail.message = 'a &amp; b &lt; c & d';
    fail.resource = { ...fail.resource, arn: 'arn:aws:s3:::x&amp;y' };
    // Read through the parser's DOM (its object form escapes again): attribute and text values as a reader sees them.
    interface DomElement {
      getAttribute(name: string): string | null;
      getElementsByTagName(name: string): ArrayLike<DomElement>;
      textContent: string | null;
    }
    const doc = create(renderJunit(report)).node as unknown as DomElement;
    const testcase = Array.from(doc.getElementsByTagName('testcase')).find((e) => e.getAttribute('name') === 'arn:aws:s3:::x&amp;y');
    expect(testcase).toBeDefined();
    const failure = testcase!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('a &amp; b &lt; c & d');
    expect(failure.textContent).toContain('a &amp; b &lt; c & d');
  });
});
