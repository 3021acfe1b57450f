import { escapeControl } from './text.js';
import { jsonPieces, streamedArray } from './json-stream.js';
import { createHash } from 'node:crypto';
import type { Severity } from '../rule.js';
import type { RenderOptions } from './formats.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';

/**
 * SARIF message text (§3.11) is shown as is, and "[text](target)" in it is an embedded link: resource names come
 * from the account, so control characters are escaped and literal brackets backslash-escaped (§3.11.5).
 */
export function plainText(s: string): string {
  return escapeControl(s).replace(/[[\]]/g, (b) => `\\${b}`);
}

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * Findings are about AWS resources, not files, but code scanning rejects a result without a
 * `physicalLocation` ("expected a physical location") and, with a source root set (upload-sarif sets
 * it), an absolute URI of another scheme such as `arn:`. So each result has:
 *  - a logical location naming the resource: `fullyQualifiedName` = the ARN, `kind` = resource;
 *  - a physical location with a synthetic, repository-relative URI built from the ARN,
 *    `<partition>/<account>/<region>/<service>/<resource path>` (`aws/111122223333/eu-west-1/ec2/
 *    security-group/sg-0abc`; an ARN without an account, an S3 bucket's, takes the finding's), at line 1. No such file exists in the repository, so code scanning
 *    lists the alert without a source snippet, and upload-sarif leaves our fingerprints alone (it only
 *    hashes files that exist).
 *  - `partialFingerprints.primaryLocationLineHash` (the only fingerprint code scanning reads): the
 *    finding's key (account, rule, ARN, message id and the subject the rule names: src/engine/finding-key.ts),
 *    then `:1` like CodeQL's. The alert follows the problem across runs whatever the message says or the
 *    evidence is called, and another finding on the same resource does not renumber the existing ones.
 */

const SECURITY_SEVERITY: Record<Severity, string | null> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: null };
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'recommendation',
};
const PRECISION = { automatic: 'very-high', heuristic: 'medium', manual: 'low' } as const;

type Level = 'error' | 'warning' | 'note' | 'none';

function failLevel(s: Severity): Level {
  return s === 'critical' || s === 'high' ? 'error' : s === 'info' ? 'note' : 'warning';
}

/** fail by severity; warn (a heuristic concern) one step lower; passes and advice carry no level. */
function levelOf(f: ReportFinding): Level {
  if (f.status === 'fail') return failLevel(f.severity);
  if (f.status === 'warn') return f.severity === 'critical' || f.severity === 'high' ? 'warning' : 'note';
  return 'none';
}

function kindOf(f: ReportFinding): 'fail' | 'pass' | 'informational' {
  return f.status === 'pass' ? 'pass' : f.status === 'info' ? 'informational' : 'fail';
}

/**
 * One path segment of a resource URI: percent-encoded (no `/`, `\`, `:`, `?` or `#` survives, so the URI stays
 * relative and of no scheme), empty as `_`. An IAM path is free text (`/../../.github/workflows/`): a `.` or `..`
 * segment has its dots encoded twice (`%252E%252E`), because `%2E%2E` is still `..` to a WHATWG URL parser
 * and to a normaliser that decodes unreserved characters; the alert must never resolve to a repository file.
 * Control, bidi, invisible and non-XML characters are escaped first (a viewer shows the path decoded, and
 * encodeURIComponent throws on a lone surrogate).
 */
function uriSegment(s: string): string {
  if (s === '') return '_';
  if (s === '.' || s === '..') return s.replace(/\./g, '%252E');
  return encodeURIComponent(escapeControl(s));
}

/** `arn:aws:ec2:eu-west-1:1111:security-group/sg-1` -> `aws/1111/eu-west-1/ec2/security-group/sg-1`. */
export function resourceUri(arn: string, accountId: string): string {
  const seg = uriSegment;
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return ['aws', accountId, 'unknown', ...arn.split('/')].map(seg).join('/');
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  return [partition || 'aws', account || accountId, region || 'global', service, ...resource.split('/')].map(seg).join('/');
}

/** Hash of rule id + ARN (+ the finding's subject, when it has one). */
export function fingerprint(ruleId: string, arn: string, subject = ''): string {
  return createHash('sha256').update(subject === '' ? `${ruleId}\n${arn}` : `${ruleId}\n${arn}\n${subject}`).digest('hex').slice(0, 16);
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function isUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

/** GitHub code scanning rejects a SARIF file with more than 20 tags on a rule. */
const MAX_TAGS = 20;

/** `cis-aws-foundations-5.0/5.3`: a framework control the rule checks, as a tag. */
export function controlTag(c: { framework: string; control: string }): string {
  return `${c.framework}/${c.control}`;
}

function descriptor(rule: ReportRule) {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  const controls = [...new Set(rule.compliance.map(controlTag))];
  const helpText = [
    `Tip: ${rule.tip}`,
    `Why: ${rule.rationale}`,
    `What is checked: ${rule.checks}`,
    `How to fix: ${rule.remediation}`,
    ...(rule.cli ? [`Command: ${rule.cli}`] : []),
    ...(rule.links.length ? [`See: ${rule.links.join(' ')}`] : []),
  ].join('\n\n');
  const helpMarkdown = [
    `> ${rule.tip}`,
    `**Why.** ${rule.rationale}`,
    `**What is checked.** ${rule.checks}`,
    `**How to fix.** ${rule.remediation}`,
    ...(rule.cli ? ['```sh', rule.cli, '```'] : []),
    ...(rule.links.length ? [rule.links.map((l) => `- <${l}>`).join('\n')] : []),
  ].join('\n\n');
  const link = rule.links.find(isUrl);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: clip(rule.title, 1024) },
    fullDescription: { text: clip(`${rule.tip} ${rule.rationale}`, 1024) },
    ...(link ? { helpUri: link } : {}),
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: rule.severity === 'info' ? 'note' : failLevel(rule.severity) },
    properties: {
      // Every control the rule maps is a tag, so code scanning can filter alerts by control; past GitHub's
      // limit of 20 tags the rest are left out of `tags`, and `compliance` lists them all.
      tags: [...new Set(['security', 'aws', 'aws-tips', rule.section, rule.kind, ...controls])].slice(0, MAX_TAGS),
      ...(controls.length ? { compliance: controls } : {}),
      precision: PRECISION[rule.kind],
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
      section: rule.section,
      severity: rule.severity,
    },
  };
}

/** The findings that become results: fail and warn, plus passes and advice (and suppressed ones) on request. */
function included(f: ReportFinding, includePassed: boolean): boolean {
  if (f.status === 'error') return false; // reported as tool execution notifications
  if (f.suppressed) return includePassed;
  return f.status === 'fail' || f.status === 'warn' || includePassed;
}

type RuleIndex = Map<string, number>;

function result(f: ReportFinding, ruleIndex: RuleIndex) {
  const hash = fingerprint(f.ruleId, f.resource.arn);
  return {
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId)!,
    kind: kindOf(f),
    level: levelOf(f),
    message: { text: plainText(f.message) },
    locations: [
      {
        physicalLocation: {
          // The finding's own account: an ARN without one (an S3 bucket) is in it, not in the report's first account.
          artifactLocation: { uri: resourceUri(f.resource.arn, f.account) },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        logicalLocations: [{ name: f.resource.id, fullyQualifiedName: f.resource.arn, kind: 'resource' }],
        message: { text: plainText(`${f.resource.id} (${f.resource.region})`) },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: `${f.key}:1`, 'awsTipsFinding/v2': f.key, 'awsTipsResource/v1': hash },
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: escapeControl(f.suppressed.expires ? `${f.suppressed.reason} (until ${f.suppressed.expires})` : f.suppressed.reason),
            },
          ],
        }
      : {}),
    properties: {
      account: f.account,
      status: f.status,
      severity: f.severity,
      region: f.resource.region,
      resourceId: f.resource.id,
      resourceArn: f.resource.arn,
      ...(f.resource.tags ? { resourceTags: f.resource.tags } : {}),
      evidence: f.evidence,
    },
  };
}

/** The results, made as they are written (a large account's would be a second copy of every finding). */
function* results(report: Report, ruleIndex: RuleIndex, includePassed: boolean) {
  for (const f of report.findings) if (included(f, includePassed) && ruleIndex.has(f.ruleId)) yield result(f, ruleIndex);
}

/** What could not be checked, as tool execution notifications. */
function* notifications(report: Report, ruleIndex: RuleIndex) {
  for (const n of report.notChecked) {
    yield {
      level: 'error',
      message: { text: plainText(`${n.ruleId}: ${n.message}`) },
      ...(ruleIndex.has(n.ruleId) ? { associatedRule: { id: n.ruleId, index: ruleIndex.get(n.ruleId)! } } : {}),
      properties: { account: n.account, region: n.region, resource: n.resource },
    };
  }
}

/** The SARIF log around its results and notifications (arrays, or streamedArrays when written in pieces). */
function sarifDocument<A>(report: Report, parts: { results: A; notifications: A }) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aws-tips',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: report.rules.map(descriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: parts.notifications,
          },
        ],
        results: parts.results,
        properties: {
          account: report.account,
          // An organization's report: every account, its score and violations, or why it was not audited.
          ...(report.accounts.length > 1
            ? { accounts: report.accounts.map((a) => ({ id: a.id, name: a.name, score: a.score, violations: a.violations, incomplete: a.incomplete, error: a.error })) }
            : {}),
          regions: report.regions,
          collectedAt: report.source.collectedAt,
          score: report.score.overall,
          failOn: report.failOn,
          minScore: report.minScore,
          violations: report.summary.violations,
          suppressed: report.summary.suppressed,
          ...(report.baseline ? { baseline: report.baseline.counts } : {}),
        },
      },
    ],
  };
}

/** The SARIF log as an object, results and notifications in arrays: the document renderSarif writes. */
export function sarifLog(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}) {
  const ruleIndex: RuleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  return sarifDocument(report, { results: [...results(report, ruleIndex, !!opts.includePassed)], notifications: [...notifications(report, ruleIndex)] });
}

/**
 * The SARIF log, pretty-printed (2 spaces), in pieces: results and notifications are made from the
 * findings a batch at a time as they are written, so a large account's log is never one string.
 */
export function* renderSarif(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): Generator<string> {
  const ruleIndex: RuleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const doc = sarifDocument(report, {
    results: streamedArray(results(report, ruleIndex, !!opts.includePassed)),
    notifications: streamedArray(notifications(report, ruleIndex)),
  });
  yield* jsonPieces(doc, { indent: 2, end: '\n' });
}
