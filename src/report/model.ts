import type { Suppression } from '../config/schema.js';
import { compareBaseline, type BaselineReport, type BaselineState, type FixedFinding } from '../engine/baseline.js';
import type { RuleResult } from '../engine/evaluate.js';
import { score } from '../engine/score.js';
import { applySuppressions, type AppliedSuppression, type SuppressionOutcome } from '../engine/suppress.js';
import { atLeast, isCanonicalRef, type FindingStatus, type Kind, type RuleStatus, type Severity } from '../rule.js';
import { SECTIONS, type SectionId } from '../sections.js';
import type { Snapshot } from '../snapshot/schema.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportFinding {
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  /** `tags`: the resource's own tags, present when the collected item has any. */
  resource: { arn: string; region: string; id: string; tags?: Record<string, string> };
  message: string;
  evidence: Record<string, unknown>;
  /** Accepted in the config: reported, but it neither gates nor counts in the score. */
  suppressed: AppliedSuppression | null;
  /** With --baseline: `new` or `unchanged` (fail and warn findings); otherwise null. */
  baseline: BaselineState | null;
}

export interface ReportRule {
  id: string;
  section: SectionId;
  tip: string;
  title: string;
  kind: Kind;
  severity: Severity;
  /** The worst status of its findings that are not suppressed. */
  status: RuleStatus;
  incomplete: boolean;
  /** Findings per status, suppressed ones left out (they are counted in `suppressed`). */
  counts: Record<FindingStatus, number>;
  suppressed: number;
  rationale: string;
  checks: string;
  remediation: string;
  cli: string | null;
  links: string[];
}

export interface NotChecked {
  ruleId: string;
  region: string;
  resource: string;
  message: string;
}

export interface ReportBaseline {
  /** The baseline report file, as given to --baseline. */
  file: string;
  /** When the baseline report was written. */
  generatedAt: string;
  counts: { new: number; unchanged: number; fixed: number };
  /** Fail and warn findings of the baseline that this audit no longer finds. */
  fixed: FixedFinding[];
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'aws-tips'; version: string };
  generatedAt: string;
  source: { kind: 'live' | 'snapshot' | 'demo'; file: string | null; collectedAt: string };
  account: { id: string; partition: string };
  regions: string[];
  failOn: Severity;
  minScore: number | null;
  score: { overall: number | null; sections: { id: SectionId; name: string; score: number | null }[] };
  summary: {
    /** Rules per status (suppressed findings left out). */
    rules: Record<RuleStatus, number>;
    /** Findings per status, suppressed findings left out. */
    findings: Record<FindingStatus, number>;
    suppressed: number;
    /** Findings that fail the build: fail, at or above failOn, not suppressed, and new when a baseline is given. */
    violations: number;
    belowMinScore: boolean;
    incomplete: boolean;
  };
  rules: ReportRule[];
  findings: ReportFinding[];
  notChecked: NotChecked[];
  suppressions: SuppressionOutcome[];
  baseline: ReportBaseline | null;
}

const FINDING_STATUSES: FindingStatus[] = ['fail', 'warn', 'error', 'pass', 'info'];
const RULE_STATUSES: RuleStatus[] = ['fail', 'warn', 'error', 'pass', 'info', 'not-applicable'];

function zeroCounts<K extends string>(keys: K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

const STATUS_ORDER: RuleStatus[] = ['fail', 'warn', 'error', 'pass', 'info'];

/** A failing finding at or above the --fail-on severity (before suppressions and baseline). */
export function isViolation(f: { status: FindingStatus; severity: Severity }, failOn: Severity): boolean {
  return f.status === 'fail' && atLeast(f.severity, failOn);
}

/** A finding that fails the build: a violation, not suppressed, and new when there is a baseline. */
export function isGating(f: ReportFinding, failOn: Severity, hasBaseline: boolean): boolean {
  return isViolation(f, failOn) && !f.suppressed && (!hasBaseline || f.baseline === 'new');
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
}

/** The whole report, keys in a fixed order: the JSON output is this object as it stands. */
export function buildReport(input: ReportInput): Report {
  const { snapshot, results, failOn } = input;
  const now = input.now ?? new Date();
  const flat = results.flatMap((r) => r.findings);
  const sup = applySuppressions(flat, input.suppressions ?? [], now);
  const cmp = input.baseline
    ? compareBaseline(flat, input.baseline.report, { rules: results.map((r) => r.rule.id), regions: snapshot.meta.regions })
    : undefined;

  const findingCounts = zeroCounts(FINDING_STATUSES);
  const ruleCounts = zeroCounts(RULE_STATUSES);
  const findings: ReportFinding[] = [];
  const notChecked: NotChecked[] = [];
  const scored: RuleResult[] = [];
  let index = 0;
  let suppressedTotal = 0;
  const rules: ReportRule[] = results.map((r) => {
    const counts = zeroCounts(FINDING_STATUSES);
    let suppressed = 0;
    const kept: RuleResult['findings'] = [];
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
        kept.push(f);
      }
      findings.push({
        ruleId: f.ruleId,
        status: f.status,
        severity: f.severity,
        // A ref made from an item already has the report's shape (and is shared by its findings): no copy.
        resource: isCanonicalRef(f.resource)
          ? f.resource
          : {
              arn: f.resource.arn,
              region: f.resource.region,
              id: f.resource.id,
              ...(f.resource.tags && Object.keys(f.resource.tags).length ? { tags: f.resource.tags } : {}),
            },
        message: f.message,
        evidence: f.evidence,
        suppressed: applied,
        baseline: state,
      });
      if (f.status === 'error')
        notChecked.push({ ruleId: f.ruleId, region: f.resource.region, resource: f.resource.arn, message: f.message });
    }
    scored.push({ ...r, findings: kept });
    // Suppressed findings leave the rule's verdict; a rule whose problems are all accepted passes.
    const status: RuleStatus = STATUS_ORDER.find((s) => counts[s as FindingStatus] > 0) ?? (suppressed > 0 ? 'pass' : 'not-applicable');
    ruleCounts[status] += 1;
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
    };
  });
  const s = score(scored);
  const minScore = input.minScore ?? null;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'aws-tips', version: input.toolVersion },
    generatedAt: now.toISOString(),
    source: { kind: input.source.kind, file: input.source.file ?? null, collectedAt: snapshot.meta.collectedAt },
    account: { id: snapshot.meta.accountId, partition: snapshot.meta.partition },
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
      violations: findings.filter((f) => isGating(f, failOn, !!input.baseline)).length,
      belowMinScore: minScore !== null && s.overall !== null && s.overall < minScore,
      incomplete: notChecked.length > 0,
    },
    rules,
    findings,
    notChecked,
    suppressions: sup.suppressions,
    baseline:
      input.baseline && cmp
        ? { file: input.baseline.file, generatedAt: input.baseline.report.generatedAt, counts: cmp.counts, fixed: cmp.fixed }
        : null,
  };
}

/**
 * Exit code for a finished audit (README "Exit codes"): 1 when a finding gates or the score is below
 * --min-score, 3 when the audit is incomplete (unless allowed), else 0.
 */
export function exitCodeFor(report: Report, allowIncomplete: boolean): number {
  if (report.summary.violations > 0 || report.summary.belowMinScore) return 1;
  if (report.summary.incomplete && !allowIncomplete) return 3;
  return 0;
}
