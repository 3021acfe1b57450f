import { FINDING_STATUSES, RULE_STATUSES, type FindingStatus, type RuleStatus } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { ComplianceRef, FrameworkId } from '../compliance/registry.js';
import { countByMessage, frameworkVerdict, type RuleVerdict } from './compliance.js';
import { REPORT_SCHEMA_VERSION, type NotChecked, type Report, type ReportAccount, type ReportFinding, type ReportRule } from './report.js';
import type { FixedFinding } from './baseline.js';
import { score } from './score.js';
import { exitCode } from './verdict.js';
import type { Rule } from '../rule.js';

/**
 * An organization's report from its accounts' reports: each account's verdicts were decided by buildReport
 * (suppressions, baseline, gates, its own score); here the organization's are, from those alone. The same
 * function merges an audit's accounts in process and `aws-tips merge`'s shard reports, so a sharded run and an
 * unsharded one give the same report and exit code. It is associative: merging merged reports equals merging
 * their accounts at once.
 */

export class MergeError extends Error {}

function zero<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function addInto<K extends string>(into: Record<K, number>, from: Record<K, number>): void {
  for (const k of Object.keys(into) as K[]) into[k] += from[k];
}

/** Accounts by id, each account's entries in their own order (a stable sort): shards merge in any grouping to one order. */
function byAccount<T extends { account: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

export interface MergeOptions {
  /** The frameworks whose per-control view to give (every part must have been audited with the same). */
  frameworks?: readonly FrameworkId[];
  /** Every rule aws-tips knows: tells a control no rule checks from one whose rules were not run. */
  knownRules?: readonly Pick<Rule, 'id' | 'compliance'>[];
  /** An incomplete audit passes the gate (exit 0 instead of 3). */
  allowIncomplete?: boolean;
  /** The time of the merge (the report's generatedAt); default: the latest part's. */
  now?: Date;
}

/** What must be equal across the parts for their verdicts to be comparable. */
function checkCompatible(parts: readonly Report[]): void {
  const [first] = parts;
  for (const p of parts.slice(1)) {
    if (p.schemaVersion !== first!.schemaVersion) throw new MergeError(`reports of schema ${first!.schemaVersion} and ${p.schemaVersion} cannot be merged`);
    if (p.tool.version !== first!.tool.version) throw new MergeError(`reports of aws-tips ${first!.tool.version} and ${p.tool.version} cannot be merged: run every shard with one version`);
    if (p.failOn !== first!.failOn) throw new MergeError(`reports gated at --fail-on ${first!.failOn} and ${p.failOn} cannot be merged`);
    if (p.minScore !== first!.minScore) throw new MergeError(`reports with --min-score ${first!.minScore ?? 'none'} and ${p.minScore ?? 'none'} cannot be merged`);
    if (!!p.baseline !== !!first!.baseline) throw new MergeError('some reports were compared with a baseline and others not: run every shard with the same --baseline');
    const ids = (r: Report) => r.frameworks.map((f) => f.id).join(',');
    if (ids(p) !== ids(first!)) throw new MergeError(`reports of different --framework choices (${ids(first!) || 'none'} and ${ids(p) || 'none'}) cannot be merged`);
  }
}

/** A part's place among the parts: by its first account id (accounts are unique across parts). */
const before = (a: string, b: string) => a < b;

/** A rule as merged so far: its report entry (from the earliest part holding it), and where that part put it. */
interface MergedRule {
  rule: ReportRule;
  part: string;
  index: number;
}

/**
 * Merges reports one at a time, as accounts complete: it keeps their findings, what could not be checked and
 * each account's entry (counts, score), never a part's rules, texts or per-control view. The result equals
 * mergeReports of the same parts in any order (that function is this one fed at once).
 */
export class ReportMerger {
  private template?: Pick<Report, 'schemaVersion' | 'tool' | 'failOn' | 'minScore' | 'frameworks' | 'suppressions'> & {
    key: string;
    source: Report['source'];
    baseline: { file: string; generatedAt: string } | null;
  };
  private parts = 0;
  private readonly ids = new Set<string>();
  private readonly accounts: ReportAccount[] = [];
  private readonly rules = new Map<string, MergedRule>();
  private readonly findings: ReportFinding[][] = [];
  private readonly notChecked: NotChecked[][] = [];
  private readonly fixed: FixedFinding[][] = [];
  private readonly baselineCounts = { new: 0, unchanged: 0, fixed: 0 };
  private readonly matched: number[] = [];
  private generatedAt = '';
  private compatible?: Report;

  constructor(private readonly opts: MergeOptions = {}) {}

  /** Folds one report in; the report itself is not kept (only its findings and accounts). */
  add(part: Report): void {
    // Compared with the first part's settings, which are kept (as a report without findings or rules).
    if (!this.compatible) this.compatible = { ...part, rules: [], findings: [], notChecked: [], accounts: [], frameworks: part.frameworks.map((f) => ({ ...f, controls: [] })), baseline: part.baseline && { ...part.baseline, fixed: [] } };
    else checkCompatible([this.compatible, part]);
    for (const a of part.accounts) {
      if (this.ids.has(a.id)) throw new MergeError(`account ${a.id} is in two of the reports (shards overlap)`);
      this.ids.add(a.id);
    }
    const key = part.accounts[0]!.id;
    this.parts += 1;
    this.accounts.push(...part.accounts);
    if (!this.template || before(key, this.template.key))
      this.template = {
        key,
        schemaVersion: part.schemaVersion,
        tool: part.tool,
        source: part.source,
        failOn: part.failOn,
        minScore: part.minScore,
        frameworks: part.frameworks.map((f) => ({ ...f, controls: [] })),
        suppressions: part.suppressions,
        baseline: part.baseline && { file: part.baseline.file, generatedAt: part.baseline.generatedAt },
      };
    part.rules.forEach((r, index) => {
      const merged = this.rules.get(r.id);
      if (!merged) {
        this.rules.set(r.id, { rule: { ...r, counts: { ...r.counts } }, part: key, index });
        return;
      }
      const into = merged.rule;
      if (into.severity !== r.severity) throw new MergeError(`rule ${r.id} was run at severity ${into.severity} and ${r.severity}: use one configuration for every shard`);
      addInto(into.counts, r.counts);
      into.suppressed += r.suppressed;
      into.incomplete ||= r.incomplete;
      // The earliest part's entry stands for the rule (its texts, its place in the list).
      if (before(key, merged.part)) {
        this.rules.set(r.id, { rule: { ...r, counts: into.counts, suppressed: into.suppressed, incomplete: into.incomplete }, part: key, index });
      }
    });
    this.findings.push(part.findings);
    this.notChecked.push(part.notChecked);
    part.suppressions.forEach((s, i) => (this.matched[i] = (this.matched[i] ?? 0) + s.matched));
    if (part.baseline) {
      this.baselineCounts.new += part.baseline.counts.new;
      this.baselineCounts.unchanged += part.baseline.counts.unchanged;
      this.baselineCounts.fixed += part.baseline.counts.fixed;
      this.fixed.push(part.baseline.fixed);
    }
    if (part.generatedAt > this.generatedAt) this.generatedAt = part.generatedAt;
  }

  /** The organization's report of every part added. */
  report(): Report {
    const first = this.template;
    if (!first) throw new MergeError('no report to merge');
    const opts = this.opts;
    const accounts = [...this.accounts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rules = [...this.rules.values()]
      .sort((a, b) => (a.part === b.part ? a.index - b.index : before(a.part, b.part) ? -1 : 1))
      .map((m) => ({ ...m.rule, counts: { ...m.rule.counts } }));
    for (const r of rules)
      r.status = (FINDING_STATUSES.find((s) => r.counts[s] > 0) as RuleStatus | undefined) ?? (r.suppressed > 0 ? 'pass' : 'not-applicable');
    const ruleCounts = zero(RULE_STATUSES);
    for (const r of rules) ruleCounts[r.status] += 1;
    const findingCounts = zero(FINDING_STATUSES);
    let suppressed = 0;
    let violations = 0;
    for (const a of accounts) {
      addInto(findingCounts, a.findings);
      suppressed += a.suppressed;
      violations += a.violations;
    }
    const s = score(rules);
    const minScore = first.minScore;
    const belowMinScore = minScore !== null && s.overall !== null && s.overall < minScore;
    // An account is in one part only: its entries keep their order, whatever the order the parts came in.
    const notChecked = byAccount(this.notChecked.flat());
    const incomplete = accounts.some((a) => a.incomplete) || notChecked.length > 0;

    // Suppressions come from one configuration: the same list in every part, counted over all of them.
    const suppressions = first.suppressions.map((sup, i) => {
      const matched = this.matched[i] ?? 0;
      return { ...sup, matched, status: sup.status === 'expired' ? sup.status : matched > 0 ? ('used' as const) : ('unused' as const) };
    });

    const findings = byAccount(this.findings.flat());
    const byRule = first.frameworks.length || opts.frameworks?.length ? countByMessage(findings) : new Map();
    const verdicts: RuleVerdict[] = rules.map((r) => ({
      rule: { id: r.id, compliance: r.compliance as unknown as ComplianceRef[] },
      status: r.status,
      counts: r.counts as Record<FindingStatus, number>,
      incomplete: r.incomplete,
      byMessage: byRule.get(r.id),
    }));
    const frameworks = (opts.frameworks ?? first.frameworks.map((f) => f.id)).map((f) => frameworkVerdict(f, verdicts, opts.knownRules ?? verdicts.map((v) => v.rule)));
    const generatedAt = opts.now?.toISOString() ?? this.generatedAt;
    const collected = accounts.map((a) => a.collectedAt).filter((c): c is string => c !== null).sort();

    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: first.tool,
      generatedAt,
      source: { kind: first.source.kind, file: this.parts === 1 ? first.source.file : null, collectedAt: collected[0] ?? first.source.collectedAt },
      account: { id: accounts[0]!.id, partition: accounts[0]!.partition },
      accounts,
      regions: [...new Set(accounts.flatMap((a) => a.regions))].sort(),
      failOn: first.failOn,
      minScore,
      score: { overall: s.overall, sections: SECTIONS.map((sec) => ({ id: sec.id, name: sec.name, score: s.sections[sec.id] })) },
      summary: {
        rules: ruleCounts,
        findings: findingCounts,
        suppressed,
        violations,
        belowMinScore,
        incomplete,
        exitCode: exitCode(violations, belowMinScore, incomplete, !!opts.allowIncomplete),
      },
      rules,
      findings,
      notChecked,
      suppressions,
      baseline: first.baseline
        ? { file: first.baseline.file, generatedAt: first.baseline.generatedAt, counts: { ...this.baselineCounts }, fixed: byAccount(this.fixed.flat()) }
        : null,
      frameworks,
    };
  }
}

export function mergeReports(parts: readonly Report[], opts: MergeOptions = {}): Report {
  if (parts.length === 0) throw new MergeError('no report to merge');
  checkCompatible(parts);
  const merger = new ReportMerger(opts);
  for (const p of parts) merger.add(p);
  return merger.report();
}
