import { create } from 'xmlbuilder2';
import type { ReportFinding, Report, ReportRule } from '../engine/report.js';
import { severityRank } from '../rule.js';
import { escapeControl } from './text.js';

/**
 * JUnit XML for CI test reports: one testsuite per tip section, one testcase per rule × resource
 * (classname `aws-tips.<section>.<rule>`, name = the resource ARN, so test history follows the
 * resource). A testcase with several findings (a security group open to two sources) takes the worst:
 *  - failure: a fail that is not suppressed (type = its severity);
 *  - error: the rule could not check the resource or region;
 *  - skipped: a warn (a heuristic concern that needs a human look), a suppressed finding, advice
 *    (info), or a rule with nothing in scope (not applicable);
 *  - passed otherwise.
 * A testcase of a rule mapped to framework controls carries one `<property name="compliance"
 * value="<framework>/<control>"/>` per control.
 * With several accounts (an organization's report) a testcase is a rule × account × resource: its name is
 * `<account> <ARN>` and it carries `<property name="account">`; each suite lists the accounts. One account's
 * report is as it always was.
 * Built with xmlbuilder2; every string from the account has its control characters escaped, since
 * XML 1.0 cannot carry them.
 */

type XMLBuilder = ReturnType<typeof create>;

type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

interface Case {
  name: string;
  /** With several accounts: the account of the case's findings. */
  account?: string;
  outcome: Outcome;
  type?: string;
  message?: string;
  body?: string;
}


function line(f: ReportFinding): string {
  const label = f.suppressed ? `suppressed ${f.status}` : f.status;
  const extra = f.suppressed ? ` (suppressed: ${f.suppressed.reason}${f.suppressed.expires ? `, until ${f.suppressed.expires}` : ''})` : '';
  const isNew = f.baseline === 'new' ? ' [new]' : '';
  return escapeControl(`${label.toUpperCase()} ${f.severity}${isNew}: ${f.message}${extra}`);
}

function caseFor(rule: ReportRule, arn: string, findings: ReportFinding[], several: boolean): Case {
  const c = outcomeFor(rule, arn, findings, several);
  return several ? { ...c, account: escapeControl(findings[0]!.account) } : c;
}

function outcomeFor(rule: ReportRule, arn: string, findings: ReportFinding[], several: boolean): Case {
  const live = findings.filter((f) => !f.suppressed);
  const fails = live.filter((f) => f.status === 'fail').sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const body = [...findings.map(line), ...(fails.length ? [escapeControl(`How to fix: ${rule.remediation}`)] : [])].join('\n');
  const name = escapeControl(several ? `${findings[0]!.account} ${arn}` : arn);
  if (fails.length) return { name, outcome: 'failure', type: fails[0]!.severity, message: escapeControl(fails[0]!.message), body };
  const error = live.find((f) => f.status === 'error');
  if (error) return { name, outcome: 'error', type: 'not-checked', message: escapeControl(error.message), body };
  const warn = live.find((f) => f.status === 'warn');
  if (warn) return { name, outcome: 'skipped', message: escapeControl(`warn (needs a human look): ${warn.message}`), body };
  const suppressed = findings.find((f) => f.suppressed);
  if (suppressed) return { name, outcome: 'skipped', message: escapeControl(`suppressed: ${suppressed.suppressed!.reason}`), body };
  const info = live.find((f) => f.status === 'info');
  if (info) return { name, outcome: 'skipped', message: escapeControl(`info: ${info.message}`), body };
  return { name, outcome: 'passed', body };
}

function casesFor(rule: ReportRule, findings: ReportFinding[], several: boolean): Case[] {
  if (findings.length === 0) return [{ name: '(no resource in scope)', outcome: 'skipped', message: 'not applicable: nothing in scope for this rule' }];
  // By account and ARN: an ARN without an account (an S3 bucket) is one resource per account.
  const byResource = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const k = `${f.account}\n${f.resource.arn}`;
    (byResource.get(k) ?? byResource.set(k, []).get(k)!).push(f);
  }
  return [...byResource.values()].map((fs) => caseFor(rule, fs[0]!.resource.arn, fs, several));
}

function counts(cases: Case[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'failure').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    skipped: cases.filter((c) => c.outcome === 'skipped').length,
  };
}

/**
 * `controls`: the framework controls the rule checks (`cis-aws-foundations-5.0/5.3`), one
 * `<property name="compliance">` each, so a CI test report can be filtered by control.
 */
function addCase(suite: XMLBuilder, classname: string, c: Case, controls: readonly string[]): void {
  const tc = suite.ele('testcase', { classname, name: c.name, time: '0' });
  if (controls.length || c.account) {
    const props = tc.ele('properties');
    if (c.account) props.ele('property', { name: 'account', value: c.account });
    for (const control of controls) props.ele('property', { name: 'compliance', value: control });
  }
  if (c.outcome === 'failure') tc.ele('failure', { message: c.message!, type: c.type! }).txt(c.body ?? '');
  else if (c.outcome === 'error') tc.ele('error', { message: c.message!, type: c.type! }).txt(c.body ?? '');
  else if (c.outcome === 'skipped') tc.ele('skipped', { message: c.message! });
  if (c.outcome !== 'failure' && c.outcome !== 'error' && c.body) tc.ele('system-out').txt(c.body);
}

export function renderJunit(report: Report): string {
  const several = report.accounts.length > 1;
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of report.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
  const suites = report.score.sections
    .map((section) => {
      const rules = report.rules.filter((r) => r.section === section.id);
      const cases = rules.map((rule) => ({ rule, cases: casesFor(rule, byRule.get(rule.id) ?? [], several) }));
      return { section, cases };
    })
    .filter((s) => s.cases.length > 0);

  const all = suites.flatMap((s) => s.cases.flatMap((c) => c.cases));
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', { name: 'aws-tips', ...stringify(counts(all)), time: '0', timestamp: report.generatedAt });
  suites.forEach(({ section, cases }, i) => {
    const flat = cases.flatMap((c) => c.cases);
    const suite = root.ele('testsuite', {
      name: section.name,
      id: String(i),
      package: `aws-tips.${section.id}`,
      ...stringify(counts(flat)),
      time: '0',
      timestamp: report.generatedAt,
      hostname: escapeControl(`aws-account-${report.account.id}`),
    });
    const props = suite
      .ele('properties')
      .ele('property', { name: 'score', value: section.score === null ? 'n/a' : String(section.score) }).up()
      .ele('property', { name: 'account', value: escapeControl(report.account.id) }).up()
      .ele('property', { name: 'regions', value: escapeControl(report.regions.join(',')) }).up()
      .ele('property', { name: 'failOn', value: report.failOn }).up();
    if (several) props.ele('property', { name: 'accounts', value: escapeControl(report.accounts.map((a) => a.id).join(',')) });
    for (const { rule, cases: list } of cases) {
      const controls = [...new Set(rule.compliance.map((x) => escapeControl(`${x.framework}/${x.control}`)))];
      for (const c of list) addCase(suite, `aws-tips.${section.id}.${rule.id}`, c, controls);
    }
  });
  return `${doc.end({ prettyPrint: true, wellFormed: true })}\n`;
}

function stringify(o: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}
