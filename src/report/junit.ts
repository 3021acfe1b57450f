import { create, fragment } from 'xmlbuilder2';
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
 * The document's and suites' heads are built with xmlbuilder2, test cases written as escaped text; every string
 * from the account has its control characters escaped, since XML 1.0 cannot carry them.
 */

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

/**
 * A rule's findings by account and ARN (an ARN without an account, an S3 bucket, is one resource per account), in
 * order of first appearance: one test case each. References to the findings, no copies.
 */
function byResource(findings: readonly ReportFinding[]): ReportFinding[][] {
  const byAccount = new Map<string, Map<string, ReportFinding[]>>();
  const groups: ReportFinding[][] = [];
  for (const f of findings) {
    let arns = byAccount.get(f.account);
    if (!arns) byAccount.set(f.account, (arns = new Map()));
    const group = arns.get(f.resource.arn);
    if (group) group.push(f);
    else {
      const first = [f];
      arns.set(f.resource.arn, first);
      groups.push(first);
    }
  }
  return groups;
}

const NOT_APPLICABLE: Case = { name: '(no resource in scope)', outcome: 'skipped', message: 'not applicable: nothing in scope for this rule' };

/** The test cases of a rule, one at a time. */
function* casesFor(rule: ReportRule, findings: readonly ReportFinding[], several: boolean): Generator<Case> {
  if (findings.length === 0) {
    yield NOT_APPLICABLE;
    return;
  }
  for (const fs of byResource(findings)) yield caseFor(rule, fs[0]!.resource.arn, fs, several);
}

/** A test case's outcome as outcomeFor decides it, without building its strings: for the counts in the suites' headers. */
function outcomeOnly(findings: readonly ReportFinding[]): Outcome {
  let error = false;
  let skipped = false;
  for (const f of findings) {
    if (f.suppressed) skipped = true;
    else if (f.status === 'fail') return 'failure';
    else if (f.status === 'error') error = true;
    else if (f.status === 'warn' || f.status === 'info') skipped = true;
  }
  return error ? 'error' : skipped ? 'skipped' : 'passed';
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const zero = (): Counts => ({ tests: 0, failures: 0, errors: 0, skipped: 0 });

function addCounts(to: Counts, c: Counts): void {
  to.tests += c.tests;
  to.failures += c.failures;
  to.errors += c.errors;
  to.skipped += c.skipped;
}

/** The counts of a rule's test cases: a first pass over its findings, grouping them but building no string. */
function countsFor(findings: readonly ReportFinding[]): Counts {
  const counts = zero();
  const outcomes = findings.length === 0 ? [NOT_APPLICABLE.outcome] : byResource(findings).map(outcomeOnly);
  for (const outcome of outcomes) {
    counts.tests += 1;
    if (outcome === 'failure') counts.failures += 1;
    else if (outcome === 'error') counts.errors += 1;
    else if (outcome === 'skipped') counts.skipped += 1;
  }
  return counts;
}

// Test cases are most of a large report: they are written as text, each string escaped for XML here, instead
// of as xmlbuilder2 nodes (a DOM node per element and attribute cost 40 s for 200,000 findings). The
// document's head and the suites' heads are still built by xmlbuilder2; the text is the same layout.

/** A character XML 1.0 cannot carry (escapeControl has replaced them: this is the guard that it did). */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function xmlText(s: string): string {
  if (NOT_XML.test(s)) throw new Error('junit: a character XML 1.0 cannot carry reached the writer');
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const xmlAttr = (s: string): string => xmlText(s).replace(/"/g, '&quot;');

/**
 * One test case, pretty-printed at the depth of a suite's children. `controls`: the framework controls the rule
 * checks (`cis-aws-foundations-5.0/5.3`), one `<property name="compliance">` each, so a CI test report can be
 * filtered by control.
 */
function caseXml(classname: string, c: Case, controls: readonly string[]): string {
  const children: string[] = [];
  if (controls.length || c.account) {
    const props = [
      ...(c.account ? [`        <property name="account" value="${xmlAttr(c.account)}"/>`] : []),
      ...controls.map((control) => `        <property name="compliance" value="${xmlAttr(control)}"/>`),
    ];
    children.push(`      <properties>\n${props.join('\n')}\n      </properties>`);
  }
  if (c.outcome === 'failure' || c.outcome === 'error')
    children.push(`      <${c.outcome} message="${xmlAttr(c.message!)}" type="${xmlAttr(c.type!)}">${xmlText(c.body ?? '')}</${c.outcome}>`);
  else if (c.outcome === 'skipped') children.push(`      <skipped message="${xmlAttr(c.message!)}"/>`);
  if (c.outcome !== 'failure' && c.outcome !== 'error' && c.body) children.push(`      <system-out>${xmlText(c.body)}</system-out>`);
  const open = `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(c.name)}" time="0"`;
  return children.length ? `${open}>\n${children.join('\n')}\n    </testcase>` : `${open}/>`;
}

/** Test cases serialized per piece (each a few hundred bytes). */
const BATCH = 200;
const PRETTY = { prettyPrint: true, wellFormed: true } as const;

/** The whole JUnit XML as one string (small reports; the CLI writes renderJunitChunks). */
export function renderJunit(report: Report): string {
  return [...renderJunitChunks(report)].join('');
}

/**
 * The same text as renderJunit, in pieces: the root's header (its counts from a first pass that only counts), then
 * suite by suite its header and properties, its test cases a batch at a time, its end. Each part is built and
 * serialized by xmlbuilder2, pretty-printed at its depth (`offset`), as the one document was: the pieces joined are
 * that document's text.
 */
export function* renderJunitChunks(report: Report): Generator<string> {
  const several = report.accounts.length > 1;
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of report.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
  const findingsOf = (rule: ReportRule) => byRule.get(rule.id) ?? [];
  const suites = report.score.sections
    .map((section) => ({ section, rules: report.rules.filter((r) => r.section === section.id) }))
    .filter((s) => s.rules.length > 0);
  // First pass: the counts, rule by rule.
  const total = zero();
  const suiteCounts = suites.map(({ rules }) => {
    const counts = zero();
    for (const rule of rules) addCounts(counts, countsFor(findingsOf(rule)));
    addCounts(total, counts);
    return counts;
  });

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', { name: 'aws-tips', ...stringify({ ...total }), time: '0', timestamp: report.generatedAt });
  if (suites.length === 0) {
    yield `${doc.end(PRETTY)}\n`;
    return;
  }
  // The root's start: the document with one empty child, cut before that child.
  root.ele('x');
  yield cutEnd(doc.end(PRETTY), '\n  <x/>\n</testsuites>');

  for (const [i, { section, rules }] of suites.entries()) {
    const head = fragment();
    const suite = head.ele('testsuite', {
      name: section.name,
      id: String(i),
      package: `aws-tips.${section.id}`,
      ...stringify({ ...suiteCounts[i]! }),
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
    // The suite's start: it always has its properties, so it is never an empty element.
    yield `\n${cutEnd(head.end({ ...PRETTY, offset: 1 }), '\n  </testsuite>')}`;

    let batch: string[] = [];
    for (const rule of rules) {
      const controls = [...new Set(rule.compliance.map((x) => escapeControl(`${x.framework}/${x.control}`)))];
      for (const c of casesFor(rule, findingsOf(rule), several)) {
        batch.push(caseXml(`aws-tips.${section.id}.${rule.id}`, c, controls));
        if (batch.length === BATCH) {
          yield `\n${batch.join('\n')}`;
          batch = [];
        }
      }
    }
    if (batch.length) yield `\n${batch.join('\n')}`;
    yield '\n  </testsuite>';
  }
  yield '\n</testsuites>\n';
}

/** `text` without its known ending `end`. */
function cutEnd(text: string, end: string): string {
  if (!text.endsWith(end)) throw new Error(`junit: unexpected serialization (expected it to end with ${JSON.stringify(end)})`);
  return text.slice(0, -end.length);
}

function stringify(o: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}
