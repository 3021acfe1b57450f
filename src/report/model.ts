import type { RuleResult } from '../engine/evaluate.js';
import { score } from '../engine/score.js';
import type { FindingStatus, Kind, RuleStatus, Severity } from '../rule.js';
import { SECTIONS, type SectionId } from '../sections.js';
import type { Snapshot } from '../snapshot/schema.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportFinding {
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string };
  message: string;
  evidence: Record<string, unknown>;
}

export interface ReportRule {
  id: string;
  section: SectionId;
  tip: string;
  title: string;
  kind: Kind;
  severity: Severity;
  status: RuleStatus;
  incomplete: boolean;
  counts: Record<FindingStatus, number>;
  remediation: string;
  cli: string | null;
}

export interface NotChecked {
  ruleId: string;
  region: string;
  resource: string;
  message: string;
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'aws-tips'; version: string };
  generatedAt: string;
  source: { kind: 'live' | 'snapshot' | 'demo'; file: string | null; collectedAt: string };
  account: { id: string; partition: string };
  regions: string[];
  failOn: Severity;
  score: { overall: number | null; sections: { id: SectionId; name: string; score: number | null }[] };
  summary: {
    rules: Record<RuleStatus, number>;
    findings: Record<FindingStatus, number>;
    violations: number;
    incomplete: boolean;
  };
  rules: ReportRule[];
  findings: ReportFinding[];
  notChecked: NotChecked[];
}

const FINDING_STATUSES: FindingStatus[] = ['fail', 'warn', 'error', 'pass', 'info'];
const RULE_STATUSES: RuleStatus[] = ['fail', 'warn', 'error', 'pass', 'info', 'not-applicable'];

function zeroCounts<K extends string>(keys: K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** A finding that fails the build: status fail at or above the --fail-on severity. */
export function isViolation(f: { status: FindingStatus; severity: Severity }, failOn: Severity): boolean {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return f.status === 'fail' && order.indexOf(f.severity) <= order.indexOf(failOn);
}

export interface ReportInput {
  snapshot: Snapshot;
  results: RuleResult[];
  toolVersion: string;
  source: { kind: 'live' | 'snapshot' | 'demo'; file?: string };
  failOn: Severity;
  now?: Date;
}

/** The whole report, keys in a fixed order: the JSON output is this object as it stands. */
export function buildReport(input: ReportInput): Report {
  const { snapshot, results, failOn } = input;
  const s = score(results);
  const findingCounts = zeroCounts(FINDING_STATUSES);
  const ruleCounts = zeroCounts(RULE_STATUSES);
  const findings: ReportFinding[] = [];
  const notChecked: NotChecked[] = [];
  const rules: ReportRule[] = results.map((r) => {
    const counts = zeroCounts(FINDING_STATUSES);
    for (const f of r.findings) {
      counts[f.status] += 1;
      findingCounts[f.status] += 1;
      findings.push({
        ruleId: f.ruleId,
        status: f.status,
        severity: f.severity,
        resource: { arn: f.resource.arn, region: f.resource.region, id: f.resource.id },
        message: f.message,
        evidence: f.evidence,
      });
      if (f.status === 'error')
        notChecked.push({ ruleId: f.ruleId, region: f.resource.region, resource: f.resource.arn, message: f.message });
    }
    ruleCounts[r.status] += 1;
    return {
      id: r.rule.id,
      section: r.rule.section,
      tip: r.rule.tip,
      title: r.rule.title,
      kind: r.rule.kind,
      severity: r.severity,
      status: r.status,
      incomplete: r.incomplete,
      counts,
      remediation: r.rule.docs.remediation,
      cli: r.rule.docs.cli ?? null,
    };
  });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'aws-tips', version: input.toolVersion },
    generatedAt: (input.now ?? new Date()).toISOString(),
    source: { kind: input.source.kind, file: input.source.file ?? null, collectedAt: snapshot.meta.collectedAt },
    account: { id: snapshot.meta.accountId, partition: snapshot.meta.partition },
    regions: snapshot.meta.regions,
    failOn,
    score: {
      overall: s.overall,
      sections: SECTIONS.map((sec) => ({ id: sec.id, name: sec.name, score: s.sections[sec.id] })),
    },
    summary: {
      rules: ruleCounts,
      findings: findingCounts,
      violations: findings.filter((f) => isViolation(f, failOn)).length,
      incomplete: notChecked.length > 0,
    },
    rules,
    findings,
    notChecked,
  };
}

/** Exit code for a finished audit (DESIGN.md): 1 violations, 3 incomplete, else 0. */
export function exitCodeFor(report: Report, allowIncomplete: boolean): number {
  if (report.summary.violations > 0) return 1;
  if (report.summary.incomplete && !allowIncomplete) return 3;
  return 0;
}
