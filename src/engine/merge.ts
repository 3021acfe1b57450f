import { FINDING_STATUSES, RULE_STATUSES, type FindingStatus, type RuleStatus } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { ComplianceRef, FrameworkId } from '../compliance/registry.js';
import { countByMessage, frameworkVerdict, type RuleVerdict } from './compliance.js';
import { REPORT_SCHEMA_VERSION, type Report, type ReportRule } from './report.js';
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

function mergeRules(parts: readonly Report[]): ReportRule[] {
  const byId = new Map<string, ReportRule>();
  for (const p of parts)
    for (const r of p.rules) {
      const into = byId.get(r.id);
      if (!into) {
        byId.set(r.id, { ...r, counts: { ...r.counts } });
        continue;
      }
      if (into.severity !== r.severity) throw new MergeError(`rule ${r.id} was run at severity ${into.severity} and ${r.severity}: use one configuration for every shard`);
      addInto(into.counts, r.counts);
      into.suppressed += r.suppressed;
      into.incomplete ||= r.incomplete;
    }
  for (const r of byId.values())
    r.status = (FINDING_STATUSES.find((s) => r.counts[s] > 0) as RuleStatus | undefined) ?? (r.suppressed > 0 ? 'pass' : 'not-applicable');
  return [...byId.values()];
}

export function mergeReports(parts: readonly Report[], opts: MergeOptions = {}): Report {
  if (parts.length === 0) throw new MergeError('no report to merge');
  checkCompatible(parts);
  const accounts = parts.flatMap((p) => p.accounts).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < accounts.length; i++)
    if (accounts[i]!.id === accounts[i - 1]!.id) throw new MergeError(`account ${accounts[i]!.id} is in two of the reports (shards overlap)`);
  const ordered = [...parts].sort((a, b) => (a.accounts[0]!.id < b.accounts[0]!.id ? -1 : 1));
  const [first] = ordered;

  const rules = mergeRules(ordered);
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
  const minScore = first!.minScore;
  const belowMinScore = minScore !== null && s.overall !== null && s.overall < minScore;
  const notChecked = byAccount(ordered.flatMap((p) => p.notChecked));
  const incomplete = accounts.some((a) => a.incomplete) || notChecked.length > 0;

  // Suppressions come from one configuration: the same list in every part, counted over all of them.
  const suppressions = first!.suppressions.map((sup, i) => {
    const matched = ordered.reduce((n, p) => n + (p.suppressions[i]?.matched ?? 0), 0);
    return { ...sup, matched, status: sup.status === 'expired' ? sup.status : matched > 0 ? ('used' as const) : ('unused' as const) };
  });

  const findings = byAccount(ordered.flatMap((p) => p.findings));
  const byRule = first!.frameworks.length || opts.frameworks?.length ? countByMessage(findings) : new Map();
  const verdicts: RuleVerdict[] = rules.map((r) => ({
    rule: { id: r.id, compliance: r.compliance as unknown as ComplianceRef[] },
    status: r.status,
    counts: r.counts as Record<FindingStatus, number>,
    incomplete: r.incomplete,
    byMessage: byRule.get(r.id),
  }));
  const frameworks = (opts.frameworks ?? first!.frameworks.map((f) => f.id)).map((f) => frameworkVerdict(f, verdicts, opts.knownRules ?? verdicts.map((v) => v.rule)));
  const generatedAt = opts.now?.toISOString() ?? ordered.map((p) => p.generatedAt).sort().at(-1)!;
  const collected = accounts.map((a) => a.collectedAt).filter((c): c is string => c !== null).sort();

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: first!.tool,
    generatedAt,
    source: { kind: first!.source.kind, file: ordered.length === 1 ? first!.source.file : null, collectedAt: collected[0] ?? first!.source.collectedAt },
    account: { id: accounts[0]!.id, partition: accounts[0]!.partition },
    accounts,
    regions: [...new Set(accounts.flatMap((a) => a.regions))].sort(),
    failOn: first!.failOn,
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
    baseline: first!.baseline
      ? {
          file: first!.baseline.file,
          generatedAt: first!.baseline.generatedAt,
          counts: {
            new: ordered.reduce((n, p) => n + p.baseline!.counts.new, 0),
            unchanged: ordered.reduce((n, p) => n + p.baseline!.counts.unchanged, 0),
            fixed: ordered.reduce((n, p) => n + p.baseline!.counts.fixed, 0),
          },
          fixed: byAccount(ordered.flatMap((p) => p.baseline!.fixed)),
        }
      : null,
    frameworks,
  };
}
