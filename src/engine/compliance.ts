import { controlsOf, FRAMEWORKS, type ComplianceRef, type Coverage, type FrameworkId } from '../compliance/registry.js';
import { FINDING_STATUSES, type FindingStatus, type Rule, type RuleStatus } from '../rule.js';

/**
 * The per-control view of an audit, decided in the verdict stage from the rules' own verdicts (after
 * suppressions). A control is only as good as the worst finding of the rules mapped to it; an error makes
 * it incomplete, never passing; a control no rule of this audit checks is `not-checked`, never counted.
 */
export const CONTROL_STATUSES = ['fail', 'warn', 'incomplete', 'pass', 'info', 'not-applicable', 'not-checked'] as const;
/**
 * Worst first. `info`: its rules gave advice only, no verdict; `not-applicable`: its rules found nothing to judge
 * (no such resource); neither counts as passed.
 */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ReportControl {
  framework: FrameworkId;
  control: string;
  title: string;
  /** The best coverage among the rules of this audit that check it; null when none does. */
  coverage: Coverage | null;
  status: ControlStatus;
  /** Why a control is not checked: no aws-tips rule maps to it, or its rules were not run in this audit. */
  notCheckedReason: 'no-rule' | 'rules-not-run' | null;
  rules: { id: string; coverage: Coverage; note: string | null }[];
  /** Findings of its rules per status, suppressed ones left out. */
  counts: Record<FindingStatus, number>;
}

export interface ReportFramework {
  id: FrameworkId;
  title: string;
  version: string;
  source: string;
  summary: {
    controls: number;
    passed: number;
    failed: number;
    warned: number;
    incomplete: number;
    /** Checked controls whose rules gave advice only. */
    info: number;
    notApplicable: number;
    notChecked: number;
    /** Checked controls whose rules cover them only in part (compliance-map.md "Coverage definitions"). */
    partiallyCovered: number;
    /** 0-100: passed over passed + failed + warned, the controls actually checked; null when none was. */
    score: number | null;
  };
  /** Worst first, then in the framework's own order. */
  controls: ReportControl[];
}

export interface RuleVerdict {
  rule: Pick<Rule, 'id' | 'compliance'>;
  /** The rule's status in the report (a rule whose findings are all suppressed passes). */
  status: RuleStatus;
  /** Findings per status, suppressed left out. */
  counts: Record<FindingStatus, number>;
  /** A dataset it needed failed somewhere. */
  incomplete: boolean;
  /** Its findings per message id and status (suppressed ones under `suppressed`), for controls that name messages. */
  byMessage?: ReadonlyMap<string, MessageCounts>;
}

export type MessageCounts = Record<FindingStatus | 'suppressed', number>;

/** Per rule, per message id: finding counts by status, suppressed findings counted apart. */
export function countByMessage(findings: Iterable<{ ruleId: string; messageId: string; status: FindingStatus; suppressed: unknown }>): Map<string, Map<string, MessageCounts>> {
  const out = new Map<string, Map<string, MessageCounts>>();
  for (const f of findings) {
    let rule = out.get(f.ruleId);
    if (!rule) out.set(f.ruleId, (rule = new Map()));
    let c = rule.get(f.messageId);
    if (!c) rule.set(f.messageId, (c = { fail: 0, warn: 0, error: 0, pass: 0, info: 0, suppressed: 0 }));
    if (f.suppressed) c.suppressed += 1;
    else c[f.status] += 1;
  }
  return out;
}

/**
 * A rule's verdict as one control sees it: the whole rule, or, when the control names the messages that bear on
 * it, only their findings (and the engine's: what could not be checked).
 */
function scoped(v: RuleVerdict, ref: ComplianceRef): RuleVerdict {
  if (!ref.messages || !v.byMessage) return v;
  const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  let suppressed = 0;
  for (const [id, c] of v.byMessage) {
    if (!ref.messages.includes(id) && !id.startsWith('engine/')) continue;
    for (const s of FINDING_STATUSES) counts[s] += c[s];
    suppressed += c.suppressed;
  }
  const status: RuleStatus = FINDING_STATUSES.find((s) => counts[s] > 0) ?? (suppressed > 0 ? 'pass' : 'not-applicable');
  return { rule: v.rule, status, counts, incomplete: v.incomplete };
}

/** The worst of its rules' statuses; a rule that could not read all it needed makes the control incomplete, never passing. */
function controlStatus(rules: RuleVerdict[]): ControlStatus {
  const has = (s: RuleStatus) => rules.some((r) => r.status === s);
  if (has('fail')) return 'fail';
  if (has('warn')) return 'warn';
  if (has('error') || rules.some((r) => r.incomplete)) return 'incomplete';
  if (has('pass')) return 'pass';
  if (has('info')) return 'info';
  return 'not-applicable';
}

/**
 * One framework's controls with their status. `allRules` are every rule aws-tips knows (to tell a control no
 * rule checks from one whose rules this audit did not run); `ran` are the verdicts of the rules that ran.
 */
export function frameworkVerdict(framework: FrameworkId, ran: readonly RuleVerdict[], allRules: readonly Pick<Rule, 'id' | 'compliance'>[]): ReportFramework {
  const mappedAnywhere = new Set<string>();
  for (const r of allRules) for (const c of r.compliance) if (c.framework === framework) mappedAnywhere.add(c.control);
  const byControl = new Map<string, { verdict: RuleVerdict; ref: ComplianceRef }[]>();
  for (const v of ran)
    for (const ref of v.rule.compliance)
      if (ref.framework === framework) byControl.set(ref.control, [...(byControl.get(ref.control) ?? []), { verdict: scoped(v, ref), ref }]);

  const controls: ReportControl[] = controlsOf(framework).map((c) => {
    const mapped = byControl.get(c.id) ?? [];
    const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
    for (const { verdict } of mapped) for (const s of FINDING_STATUSES) counts[s] += verdict.counts[s];
    const checked = mapped.length > 0;
    return {
      framework,
      control: c.id,
      title: c.title,
      coverage: checked ? (mapped.some((m) => m.ref.coverage === 'full') ? 'full' : 'partial') : null,
      status: checked ? controlStatus(mapped.map((m) => m.verdict)) : 'not-checked',
      notCheckedReason: checked ? null : mappedAnywhere.has(c.id) ? 'rules-not-run' : 'no-rule',
      rules: mapped.map(({ verdict, ref }) => ({ id: verdict.rule.id, coverage: ref.coverage, note: ref.note ?? null })),
      counts,
    };
  });
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  const [passed, failed, warned] = [count('pass'), count('fail'), count('warn')];
  const judged = passed + failed + warned;
  const rank = (s: ControlStatus) => CONTROL_STATUSES.indexOf(s);
  const order = new Map(controls.map((c, i) => [c, i]));
  const info = FRAMEWORKS[framework];
  return {
    id: framework,
    title: info.title,
    version: info.version,
    source: info.source,
    summary: {
      controls: controls.length,
      passed,
      failed,
      warned,
      incomplete: count('incomplete'),
      info: count('info'),
      notApplicable: count('not-applicable'),
      notChecked: count('not-checked'),
      partiallyCovered: controls.filter((c) => c.coverage === 'partial').length,
      score: judged === 0 ? null : Math.round((1000 * passed) / judged) / 10,
    },
    controls: [...controls].sort((a, b) => rank(a.status) - rank(b.status) || order.get(a)! - order.get(b)!),
  };
}
