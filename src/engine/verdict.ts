import type { Suppression } from '../config/schema.js';
import { atLeast, FINDING_STATUSES, RULE_STATUSES, type FindingStatus, type RuleStatus, type Severity } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { Snapshot } from '../snapshot/schema.js';
import { baselineComparer, type BaselineComparer, type BaselineReport } from './baseline.js';
import { evaluateRule, type Finding, type RuleResult, type SelectedRule } from './evaluate.js';
import { REPORT_SCHEMA_VERSION, type NotChecked, type Report, type ReportRule } from './report.js';
import { score } from './score.js';
import { suppressor, type Suppressor } from './suppress.js';
import { complianceEntries, type FrameworkId } from '../compliance/registry.js';
import { frameworkVerdict, type MessageCounts, type RuleVerdict } from './compliance.js';
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

/** What the verdict stage needs besides the findings. */
export type VerdictInput = Omit<ReportInput, 'results'>;

/**
 * The one verdict stage, fed as evaluation goes: each finding is decided as it arrives (suppression,
 * baseline state, gate, counts) and completed in place — the report's findings are the very objects the
 * rules' findings were made as (evaluate.ts), not copies — then each rule's verdict when its findings are
 * all in. `report()` makes the Report once every rule has run.
 */
export class VerdictStage {
  private readonly sup: Suppressor;
  private readonly cmp: BaselineComparer | undefined;
  private readonly findingCounts = zeroCounts(FINDING_STATUSES);
  private readonly ruleCounts = zeroCounts(RULE_STATUSES);
  private readonly findings: Finding[] = [];
  private readonly notChecked: NotChecked[] = [];
  private readonly verdicts: RuleVerdict[] = [];
  private readonly rules: ReportRule[] = [];
  private readonly ruleIds: string[] = [];
  private readonly ran: Rule[] = [];
  private suppressedTotal = 0;
  private violations = 0;
  /** The rule whose findings are arriving: its counts so far. */
  private counts = zeroCounts(FINDING_STATUSES);
  private suppressed = 0;
  /** With --framework: the current rule's findings per message id (suppressed ones apart). */
  private byMessage: Map<string, MessageCounts> | undefined;

  constructor(private readonly input: VerdictInput) {
    this.sup = suppressor(input.suppressions ?? [], input.now ?? new Date());
    this.cmp = input.baseline ? baselineComparer(input.baseline.report, input.snapshot.meta.accountId) : undefined;
    if (input.frameworks?.length) this.byMessage = new Map();
  }

  /** Decides one finding of the rule being evaluated, in place (the sink evaluateRule feeds). */
  readonly finding = (f: Finding): void => {
    const applied = this.sup.apply(f);
    const state = this.cmp ? this.cmp.state(f) : null;
    if (applied) {
      this.suppressed += 1;
      this.suppressedTotal += 1;
    } else {
      this.counts[f.status] += 1;
      this.findingCounts[f.status] += 1;
    }
    const gates = isViolation(f, this.input.failOn) && !applied && (!this.cmp || state === 'new');
    if (gates) this.violations += 1;
    f.gates = gates;
    f.suppressed = applied;
    f.baseline = state;
    this.findings.push(f);
    if (f.status === 'error')
      this.notChecked.push({ account: f.account, ruleId: f.ruleId, region: f.resource.region, resource: f.resource.arn, message: f.message });
    if (this.byMessage) {
      let c = this.byMessage.get(f.messageId);
      if (!c) this.byMessage.set(f.messageId, (c = { fail: 0, warn: 0, error: 0, pass: 0, info: 0, suppressed: 0 }));
      if (applied) c.suppressed += 1;
      else c[f.status] += 1;
    }
  };

  /** Runs one rule with its findings decided as they are emitted, then its verdict. */
  evaluate(snapshot: Snapshot, selected: SelectedRule, audit: readonly SelectedRule[]): void {
    this.ruleDone(evaluateRule(snapshot, selected, audit, this.finding));
  }

  /** The rule whose findings went through `finding` is done: its verdict. */
  ruleDone(r: RuleResult): void {
    const { counts, suppressed } = this;
    // Suppressed findings leave the rule's verdict; a rule whose problems are all accepted passes.
    const status: RuleStatus = FINDING_STATUSES.find((s) => counts[s] > 0) ?? (suppressed > 0 ? 'pass' : 'not-applicable');
    this.ruleCounts[status] += 1;
    this.verdicts.push({ rule: r.rule, status, counts, incomplete: r.incomplete, ...(this.byMessage ? { byMessage: this.byMessage } : {}) });
    this.ruleIds.push(r.rule.id);
    this.ran.push(r.rule);
    this.rules.push({
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
    });
    this.counts = zeroCounts(FINDING_STATUSES);
    this.suppressed = 0;
    if (this.byMessage) this.byMessage = new Map();
  }

  /** The whole report, keys in a fixed order: the JSON output is this object as it stands. */
  report(): Report {
    const { input, rules, findingCounts, ruleCounts, notChecked, suppressedTotal, violations } = this;
    const { snapshot, failOn } = input;
    const now = input.now ?? new Date();
    const cmp = this.cmp?.finish({ rules: this.ruleIds, regions: snapshot.meta.regions });
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
      findings: this.findings,
      notChecked,
      suppressions: this.sup.outcomes(),
      baseline:
        input.baseline && cmp
          ? { file: input.baseline.file, generatedAt: input.baseline.report.generatedAt, counts: cmp.counts, fixed: cmp.fixed }
          : null,
      frameworks: input.frameworks?.length
        ? input.frameworks.map((f) => frameworkVerdict(f, this.verdicts, input.knownRules ?? this.ran))
        : [],
    };
  }
}

/**
 * The report of rules already evaluated (their findings listed in the results): each finding is completed in
 * place and becomes the report's (the report owns them; build one report per evaluation). The CLI streams
 * instead: VerdictStage.evaluate.
 */
export function buildReport(input: ReportInput): Report {
  const { results, ...rest } = input;
  const stage = new VerdictStage(rest);
  for (const r of results) {
    for (const f of r.findings) stage.finding(f);
    stage.ruleDone(r);
  }
  return stage.report();
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
