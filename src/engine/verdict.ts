import type { Suppression } from '../config/schema.js';
import { atLeast, FINDING_STATUSES, RULE_STATUSES, type FindingStatus, type RuleStatus, type Severity } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { Snapshot } from '../snapshot/schema.js';
import { compareBaseline, type BaselineReport } from './baseline.js';
import type { RuleResult } from './evaluate.js';
import { REPORT_SCHEMA_VERSION, type NotChecked, type Report, type ReportFinding, type ReportRule } from './report.js';
import { score } from './score.js';
import { applySuppressions } from './suppress.js';
import { complianceEntries, type FrameworkId } from '../compliance/registry.js';
import { countByMessage, frameworkVerdict, type RuleVerdict } from './compliance.js';
import type { Rule } from '../rule.js';

/**
 * The one verdict stage: suppressions, baseline, each rule's status, score, gate and exit code are decided
 * here, once, and the Report carries them. Renderers only render.
 */

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** A failing finding at or above the --fail-on severity (before suppressions and baseline). */
export function isViolation(f: { status: FindingStatus; severity: Severity }, failOn: Severity): boolean {
  return f.status === 'fail' && atLeast(f.severity, failOn);
}

export interface ReportInput {
  snapshot: Snapshot;
  results: RuleResult[];
  toolVersion: string;
  source: { kind: 'live' | 'snapshot' | 'demo'; file?: string };
  failOn: Severity;
  minScore?: number;
  suppressions?: Suppression[];
  baseline?: { file: string; report: BaselineReport };
  /** The time of the audit: the report's generatedAt and the day suppressions expire against. */
  now?: Date;
  /** An incomplete audit passes the gate (exit 0 instead of 3). */
  allowIncomplete?: boolean;
  /** The account's name in AWS Organizations, where known. */
  accountName?: string;
  /** Why the account could not be audited at all (its role could not be assumed). */
  accountError?: string;
  /** --framework: the frameworks to give a per-control view of. */
  frameworks?: readonly FrameworkId[];
  /** Every rule aws-tips knows (run or not): tells a control no rule checks from one whose rules were not run. */
  knownRules?: readonly Pick<Rule, 'id' | 'compliance'>[];
}

/** The whole report, keys in a fixed order: the JSON output is this object as it stands. */
export function buildReport(input: ReportInput): Report {
  const { snapshot, results, failOn } = input;
  const now = input.now ?? new Date();
  const flat = results.flatMap((r) => r.findings);
  const sup = applySuppressions(flat, input.suppressions ?? [], now);
  const cmp = input.baseline
    ? compareBaseline(flat, input.baseline.report, { account: snapshot.meta.accountId, rules: results.map((r) => r.rule.id), regions: snapshot.meta.regions })
    : undefined;
  const hasBaseline = !!input.baseline;

  const findingCounts = zeroCounts(FINDING_STATUSES);
  const ruleCounts = zeroCounts(RULE_STATUSES);
  const findings: ReportFinding[] = [];
  const notChecked: NotChecked[] = [];
  const verdicts: RuleVerdict[] = [];
  let index = 0;
  let suppressedTotal = 0;
  let violations = 0;
  const rules: ReportRule[] = results.map((r) => {
    const counts = zeroCounts(FINDING_STATUSES);
    let suppressed = 0;
    for (const f of r.findings) {
      const applied = sup.applied[index] ?? null;
      const state = cmp?.states[index] ?? null;
      index += 1;
      if (applied) {
        suppressed += 1;
        suppressedTotal += 1;
      } else {
        counts[f.status] += 1;
        findingCounts[f.status] += 1;
      }
      const gates = isViolation(f, failOn) && !applied && (!hasBaseline || state === 'new');
      if (gates) violations += 1;
      findings.push({
        key: f.key,
        account: f.account,
        ruleId: f.ruleId,
        status: f.status,
        severity: f.severity,
        // The engine's ref already has the report's shape (and is shared by its findings): no copy.
        resource: f.resource,
        messageId: f.messageId,
        subject: f.subject,
        message: f.message,
        evidence: f.evidence,
        gates,
        suppressed: applied,
        baseline: state,
      });
      if (f.status === 'error')
        notChecked.push({ account: f.account, ruleId: f.ruleId, region: f.resource.region, resource: f.resource.arn, message: f.message });
    }
    // Suppressed findings leave the rule's verdict; a rule whose problems are all accepted passes.
    const status: RuleStatus = FINDING_STATUSES.find((s) => counts[s] > 0) ?? (suppressed > 0 ? 'pass' : 'not-applicable');
    ruleCounts[status] += 1;
    verdicts.push({ rule: r.rule, status, counts, incomplete: r.incomplete });
    return {
      id: r.rule.id,
      section: r.rule.section,
      tip: r.rule.tip,
      title: r.rule.title,
      kind: r.rule.kind,
      severity: r.severity,
      status,
      incomplete: r.incomplete,
      counts,
      suppressed,
      rationale: r.rule.docs.rationale,
      checks: r.rule.docs.checks,
      remediation: r.rule.docs.remediation,
      cli: r.rule.docs.cli ?? null,
      links: r.rule.docs.links,
      compliance: complianceEntries(r.rule.compliance),
    };
  });
  const s = score(rules);
  const minScore = input.minScore ?? null;
  const belowMinScore = minScore !== null && s.overall !== null && s.overall < minScore;
  const incomplete = notChecked.length > 0;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'aws-tips', version: input.toolVersion },
    generatedAt: now.toISOString(),
    source: { kind: input.source.kind, file: input.source.file ?? null, collectedAt: snapshot.meta.collectedAt },
    account: { id: snapshot.meta.accountId, partition: snapshot.meta.partition },
    accounts: [
      {
        id: snapshot.meta.accountId,
        name: input.accountName ?? null,
        partition: snapshot.meta.partition,
        regions: snapshot.meta.regions,
        collectedAt: input.accountError ? null : snapshot.meta.collectedAt,
        score: s.overall,
        findings: findingCounts,
        suppressed: suppressedTotal,
        violations,
        incomplete,
        error: input.accountError ?? null,
      },
    ],
    regions: snapshot.meta.regions,
    failOn,
    minScore,
    score: {
      overall: s.overall,
      sections: SECTIONS.map((sec) => ({ id: sec.id, name: sec.name, score: s.sections[sec.id] })),
    },
    summary: {
      rules: ruleCounts,
      findings: findingCounts,
      suppressed: suppressedTotal,
      violations,
      belowMinScore,
      incomplete,
      exitCode: exitCode(violations, belowMinScore, incomplete, !!input.allowIncomplete),
    },
    rules,
    findings,
    notChecked,
    suppressions: sup.suppressions,
    baseline:
      input.baseline && cmp
        ? { file: input.baseline.file, generatedAt: input.baseline.report.generatedAt, counts: cmp.counts, fixed: cmp.fixed }
        : null,
    frameworks: frameworkView(input, findings, verdicts, results),
  };
}

/** The per-control view of the frameworks chosen (none: no view, and no counting). */
function frameworkView(input: ReportInput, findings: ReportFinding[], verdicts: RuleVerdict[], results: RuleResult[]) {
  if (!input.frameworks?.length) return [];
  const byRule = countByMessage(findings);
  const scopedVerdicts = verdicts.map((v) => ({ ...v, byMessage: byRule.get(v.rule.id) ?? new Map() }));
  return input.frameworks.map((f) => frameworkVerdict(f, scopedVerdicts, input.knownRules ?? results.map((r) => r.rule)));
}

/**
 * The exit code of a finished audit (README "Exit codes"): 1 when a finding gates or the score is below
 * --min-score, 3 when the audit is incomplete (unless allowed), else 0.
 */
export function exitCode(violations: number, belowMinScore: boolean, incomplete: boolean, allowIncomplete: boolean): 0 | 1 | 3 {
  if (violations > 0 || belowMinScore) return 1;
  if (incomplete && !allowIncomplete) return 3;
  return 0;
}
