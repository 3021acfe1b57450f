import { createHash } from 'node:crypto';
import type { Severity } from '../rule.js';
import type { RenderOptions } from './formats.js';
import type { Report, ReportFinding, ReportRule } from './model.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * Findings are about AWS resources, not files, but code scanning rejects a result without a
 * `physicalLocation` ("expected a physical location") and, with a source root set (upload-sarif sets
 * it), an absolute URI of another scheme such as `arn:`. So each result has:
 *  - a logical location naming the resource: `fullyQualifiedName` = the ARN, `kind` = resource;
 *  - a physical location with a synthetic, repository-relative URI built from the ARN,
 *    `<partition>/<account>/<region>/<service>/<resource path>` (`aws/111122223333/eu-west-1/ec2/
 *    security-group/sg-0abc`), at line 1. No such file exists in the repository, so code scanning
 *    lists the alert without a source snippet, and upload-sarif leaves our fingerprints alone (it only
 *    hashes files that exist).
 *  - `partialFingerprints.primaryLocationLineHash` (the only fingerprint code scanning reads): a hash
 *    of rule id + ARN, with an occurrence suffix like CodeQL's (`…:2` for the second finding of the
 *    same rule on the same resource, e.g. a security group open to two sources). The alert therefore
 *    follows the resource across runs, whatever the message says.
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

/** `arn:aws:ec2:eu-west-1:1111:security-group/sg-1` -> `aws/1111/eu-west-1/ec2/security-group/sg-1`. */
export function resourceUri(arn: string, accountId: string): string {
  const seg = (s: string) => (s === '' ? '_' : encodeURIComponent(s));
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return ['aws', accountId, 'unknown', ...arn.split('/')].map(seg).join('/');
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  return [partition || 'aws', account || accountId, region || 'global', service, ...resource.split('/')].map(seg).join('/');
}

export function fingerprint(ruleId: string, arn: string): string {
  return createHash('sha256').update(`${ruleId}\n${arn}`).digest('hex').slice(0, 16);
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

function descriptor(rule: ReportRule) {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
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
      tags: [...new Set(['security', 'aws', 'aws-tips', rule.section, rule.kind])],
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

export function renderSarif(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const results = report.findings
    .filter((f) => included(f, !!opts.includePassed) && ruleIndex.has(f.ruleId))
    .map((f) => {
      const hash = fingerprint(f.ruleId, f.resource.arn);
      const n = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, n);
      return {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId)!,
        kind: kindOf(f),
        level: levelOf(f),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: resourceUri(f.resource.arn, report.account.id) },
              region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
            },
            logicalLocations: [{ name: f.resource.id, fullyQualifiedName: f.resource.arn, kind: 'resource' }],
            message: { text: `${f.resource.id} (${f.resource.region})` },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: `${hash}:${n}`, 'awsTipsResource/v1': hash },
        ...(f.baseline ? { baselineState: f.baseline } : {}),
        ...(f.suppressed
          ? {
              suppressions: [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification: f.suppressed.expires ? `${f.suppressed.reason} (until ${f.suppressed.expires})` : f.suppressed.reason,
                },
              ],
            }
          : {}),
        properties: {
          status: f.status,
          severity: f.severity,
          region: f.resource.region,
          resourceId: f.resource.id,
          resourceArn: f.resource.arn,
          ...(f.resource.tags ? { resourceTags: f.resource.tags } : {}),
          evidence: f.evidence,
        },
      };
    });

  const sarif = {
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
            toolExecutionNotifications: report.notChecked.map((n) => ({
              level: 'error',
              message: { text: `${n.ruleId}: ${n.message}` },
              ...(ruleIndex.has(n.ruleId) ? { associatedRule: { id: n.ruleId, index: ruleIndex.get(n.ruleId)! } } : {}),
              properties: { region: n.region, resource: n.resource },
            })),
          },
        ],
        results,
        properties: {
          account: report.account,
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
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
