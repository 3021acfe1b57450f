import type { BaselineState, FixedFinding } from './baseline.js';
import type { ComplianceEntry } from '../compliance/registry.js';
import type { ReportFramework } from './compliance.js';
import type { AppliedSuppression, SuppressionOutcome } from './suppress.js';
import type { FindingStatus, Rule, RuleStatus, Severity } from '../rule.js';
import type { SectionId } from '../sections.js';

/**
 * The finished report: every verdict decided (src/engine/verdict.ts). Renderers (src/report/) are pure
 * functions of it and decide nothing; the JSON output is this object as it stands.
 */

/**
 * 2: findings carry their key, message id and subject, and whether they gate; the summary carries the exit code.
 * 3: rules carry their framework controls (`compliance`), and the report a per-control view of the frameworks
 * chosen with --framework (`frameworks`).
 */
export const REPORT_SCHEMA_VERSION = 3;


export interface ReportFinding {
  /** The finding's identity (account, rule, resource, message id, subject), hashed: stable across runs and rewordings. */
  key: string;
  /** The AWS account of the resource: the audited account (one of `accounts`). */
  account: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  /** `tags`: the resource's own tags, present when the collected item has any. */
  resource: { arn: string; region: string; id: string; tags?: Record<string, string> };
  /** Which of the rule's messages (`explain RULE` lists them) and what on the resource the finding is about. */
  messageId: string;
  subject: string;
  message: string;
  evidence: Record<string, unknown>;
  /** Fails the build: a fail at or above failOn, not suppressed, and new when a baseline is given. */
  gates: boolean;
  /** Accepted in the config: reported, but it neither gates nor counts in the score. */
  suppressed: AppliedSuppression | null;
  /** With --baseline: `new` or `unchanged` (fail and warn findings); otherwise null. */
  baseline: BaselineState | null;
}

/** A rule as the report shows it: its identity from the rule, its severity as this audit applied it. */
export interface ReportRule extends Pick<Rule, 'id' | 'section' | 'tip' | 'title' | 'kind'> {
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
  /** The framework controls the rule checks, as ../shared/compliance-map.json writes them. */
  compliance: ComplianceEntry[];
}

/** One audited account: its own score and counts (the report's are the organization's, pooled). */
export interface ReportAccount {
  id: string;
  /** The account's name in AWS Organizations, where known. */
  name: string | null;
  partition: string;
  regions: string[];
  /** When its snapshot was taken; null when nothing could be collected (its role could not be assumed). */
  collectedAt: string | null;
  score: number | null;
  /** Findings per status, suppressed ones left out. */
  findings: Record<FindingStatus, number>;
  suppressed: number;
  violations: number;
  incomplete: boolean;
  /** Why the account could not be audited at all (its role could not be assumed), else null. */
  error: string | null;
}

export interface NotChecked {
  account: string;
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
  /** The account audited; with several, the first of `accounts` (by id). */
  account: { id: string; partition: string };
  /** Every account audited, by id (one for a single-account audit). */
  accounts: ReportAccount[];
  /** Every region audited, in any account. */
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
    /** The exit code of the audit (0 passed, 1 violations or score below minScore, 3 incomplete). */
    exitCode: 0 | 1 | 3;
  };
  rules: ReportRule[];
  findings: ReportFinding[];
  notChecked: NotChecked[];
  suppressions: SuppressionOutcome[];
  baseline: ReportBaseline | null;
  /** One per framework chosen with --framework (none without it): every control, those not checked included. */
  frameworks: ReportFramework[];
}

