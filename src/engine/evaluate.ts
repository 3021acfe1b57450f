import { formatMessage, RULE_STATUSES, type Emitted, type FindingStatus, type Rule, type RuleContext, type RuleStatus, type Severity } from '../rule.js';
import { ResourceRef } from '../resource.js';
import type { DatasetKey } from '../snapshot/registry.js';
import { datasetErrors, getSlice, type CollectionError, type Snapshot } from '../snapshot/schema.js';
import { findingKey } from './finding-key.js';
import { accountRef, attachIdentity } from './identity.js';
import type { ReportFinding } from './report.js';

/**
 * A finding, made once in its final shape (the report's field order): the rule's verdict, then what the
 * verdict stage (verdict.ts) fills in place — gates, suppressed, baseline. report.findings holds these very
 * objects: there is one copy of a finding.
 */
export interface Finding extends ReportFinding {
  /** The finding's identity (see finding-key.ts): what baselines, suppressions and SARIF alerts follow. */
  key: string;
  /** The AWS account the resource belongs to (the audited account): part of the key, and what `accounts:` suppressions match. */
  account: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: ResourceRef;
  /** Which of the rule's messages, and what on the resource (a port, a listener): the rest of the identity. */
  messageId: string;
  subject: string;
  message: string;
  evidence: Record<string, unknown>;
  /** Filled by the verdict stage; false until then. */
  gates: boolean;
  /** Filled by the verdict stage; null until then (and when no suppression applies). */
  suppressed: ReportFinding['suppressed'];
  /** Filled by the verdict stage with --baseline; null otherwise. */
  baseline: ReportFinding['baseline'];
}

/** Where a rule's findings go as they are made: the verdict stage decides each one as it arrives. */
export type FindingSink = (finding: Finding) => void;

/** Messages of findings the engine itself makes (not the rule): their ids share the rule's key space. */
export const ENGINE_MESSAGES = {
  'engine/collection-failed': 'not checked: {{operation}} failed in {{region}} ({{code}}: {{error}})',
  'engine/dataset-missing': 'not checked: the snapshot has no {{dataset}} (collect it with this rule selected)',
  'engine/context-unavailable': 'context not available: {{operation}} failed in {{region}} ({{code}}: {{error}})',
  'engine/rule-failed': 'rule failed: {{error}}',
} as const;

/** A rule as selected for one audit: its options parsed, its severity possibly overridden. */
export interface SelectedRule {
  rule: Rule;
  options: unknown;
  severity: Severity;
  severityOverridden: boolean;
}

export interface RuleResult {
  rule: Rule;
  severity: Severity;
  status: RuleStatus;
  /** Some of the rule's data could not be collected: its verdict covers only what was. */
  incomplete: boolean;
  findings: Finding[];
  /** Findings the rule emitted with a key it had already used (it names no subject that tells them apart). */
  duplicateKeys: number;
}

export const accountResource = accountRef;

/** The view a rule receives: only its declared datasets; reading anything else throws. */
export function buildView(snapshot: Snapshot, rule: Rule): unknown {
  const view: Record<string, Record<string, unknown>> = {};
  for (const key of [...rule.needs, ...(rule.optionalNeeds ?? [])]) {
    const [service, name] = key.split('.') as [string, string];
    (view[service] ??= {})[name] = getSlice(snapshot, service)?.[name];
  }
  const guard = (obj: Record<string, unknown>, path: string): unknown =>
    new Proxy(obj, {
      get(target, prop) {
        if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return Reflect.get(target, prop);
        if (!(prop in target))
          throw new Error(`rule ${rule.id} read ${path}${prop}, which it does not declare in needs`);
        const value = target[prop];
        return path === '' ? guard(value as Record<string, unknown>, `${prop}.`) : value;
      },
    });
  return guard(view, '');
}

/**
 * Builds findings of one rule, each with its identity; a second finding with the same key is numbered.
 * With a sink, each finding goes there as it is made and none is kept here; without, they are listed.
 */
class Findings {
  readonly list: Finding[] = [];
  private readonly keys = new Map<string, number>();
  /** The statuses seen (the rule's status and whether it is incomplete are decided from them). */
  readonly statuses = new Set<FindingStatus>();
  constructor(
    private readonly account: string,
    private readonly ruleId: string,
    private readonly sink?: FindingSink,
  ) {}

  add(status: FindingStatus, severity: Severity, resource: ResourceRef, messageId: string, subject: string, message: string, evidence: Record<string, unknown>): void {
    let key = findingKey(this.account, this.ruleId, resource.arn, messageId, subject);
    const seen = this.keys.get(key) ?? 0;
    this.keys.set(key, seen + 1);
    // The rule did not name what tells these apart (RuleTester fails it); numbering keeps the keys unique meanwhile.
    if (seen > 0) key = findingKey(this.account, this.ruleId, resource.arn, messageId, `${subject}\u0000${seen + 1}`);
    // The report's field order (JSON.stringify follows it); the verdict stage fills the last three in place.
    const f: Finding = { key, account: this.account, ruleId: this.ruleId, status, severity, resource, messageId, subject, message, evidence, gates: false, suppressed: null, baseline: null };
    this.statuses.add(status);
    if (this.sink) this.sink(f);
    else this.list.push(f);
  }

  /** Keys given more than once by the rule (before numbering): a rule that must name its subjects. */
  duplicates(): number {
    let n = 0;
    for (const c of this.keys.values()) if (c > 1) n += c - 1;
    return n;
  }
}

function ruleStatus(present: ReadonlySet<FindingStatus>): RuleStatus {
  return RULE_STATUSES.find((s) => present.has(s as FindingStatus)) ?? 'not-applicable';
}

function errorRef(snapshot: Snapshot, e: CollectionError): ResourceRef {
  return e.resource
    ? new ResourceRef(e.resource, e.region, e.resource.split(/[:/]/).pop() ?? e.resource)
    : accountRef(snapshot, e.region, e.service);
}

/**
 * Runs one rule. Without a sink its findings are returned in the result; with one, each goes to the sink as
 * the rule emits it (the verdict stage) and the result's list stays empty.
 */
export function evaluateRule(snapshot: Snapshot, selected: SelectedRule, audit: readonly SelectedRule[] = [selected], sink?: FindingSink): RuleResult {
  const { rule, severity } = selected;
  const out = new Findings(snapshot.meta.accountId, rule.id, sink);
  const missing = rule.needs.filter((k) => getSlice(snapshot, k.split('.')[0]!)?.[k.split('.')[1]!] === undefined);
  const errors = rule.needs.flatMap((k) => datasetErrors(snapshot, k));
  // One error finding per failed (dataset, region, resource): the reader learns exactly what was not checked.
  const seen = new Set<string>();
  for (const e of errors) {
    // One failed call (ListBuckets) also fails the datasets built on it: say it once.
    const subject = `${e.operation}|${e.code}|${e.region}|${e.resource ?? ''}`;
    if (seen.has(subject)) continue;
    seen.add(subject);
    const data = { operation: e.operation, region: e.region, code: e.code, error: e.message };
    out.add('error', severity, errorRef(snapshot, e), 'engine/collection-failed', subject,
      formatMessage(ENGINE_MESSAGES['engine/collection-failed'], data), { dataset: e.dataset, operation: e.operation, code: e.code });
  }
  for (const key of missing) {
    if (errors.some((e) => e.dataset === key)) continue;
    out.add('error', severity, accountRef(snapshot), 'engine/dataset-missing', key,
      formatMessage(ENGINE_MESSAGES['engine/dataset-missing'], { dataset: key }), { dataset: key });
  }
  // Optional context that failed to load: said once per failure, the rule still runs without it.
  const optionalErrors = (rule.optionalNeeds ?? []).flatMap((k) => datasetErrors(snapshot, k));
  for (const e of optionalErrors) {
    const data = { operation: e.operation, region: e.region, code: e.code, error: e.message };
    out.add('info', 'info', errorRef(snapshot, e), 'engine/context-unavailable', `${e.operation}|${e.code}|${e.region}|${e.resource ?? ''}`,
      formatMessage(ENGINE_MESSAGES['engine/context-unavailable'], data), { dataset: e.dataset, operation: e.operation, code: e.code });
  }
  if (missing.length === 0) {
    for (const key of [...rule.needs, ...(rule.optionalNeeds ?? [])]) attachIdentity(snapshot, key);
    const allErrors = [...errors, ...optionalErrors];
    const ctx: RuleContext<unknown> = {
      options: selected.options,
      meta: snapshot.meta,
      now: new Date(snapshot.meta.collectedAt),
      account: (region, service) => accountRef(snapshot, region, service),
      referenced: (arn, region, id) => new ResourceRef(arn, region, id),
      otherRule: <P>(other: Rule) => {
        const found = audit.find((s) => s.rule.id === other.id);
        return found ? { options: found.options as P } : undefined;
      },
      incomplete: (dataset) => allErrors.some((e) => e.dataset === dataset),
      unavailable: (dataset, region) =>
        allErrors.some((e) => e.dataset === dataset && !e.resource && (e.region === region || e.region === 'global' || region === 'global')),
    };
    const withheld = withholding(errors);
    try {
      for (const emitted of rule.check(buildView(snapshot, rule), ctx) as Iterable<Emitted>) {
        if (withheld(emitted)) continue;
        // A message id the rule does not declare is a bug in the rule: it fails loudly as the rule's error finding.
        if (!Object.hasOwn(rule.messages, emitted.messageId)) throw new Error(`emitted message id "${emitted.messageId}", which is not in its messages`);
        out.add(
          emitted.status,
          // Advice is info unless the rule says otherwise; an override applies to every verdict.
          emitted.status === 'info'
            ? (emitted.severity ?? 'info')
            : selected.severityOverridden
              ? severity
              : (emitted.severity ?? severity),
          emitted.resource,
          emitted.messageId,
          emitted.subject ?? '',
          formatMessage(rule.messages[emitted.messageId]!, emitted.data),
          emitted.evidence ?? {},
        );
      }
    } catch (err) {
      out.add('error', severity, accountRef(snapshot), 'engine/rule-failed', '', formatMessage(ENGINE_MESSAGES['engine/rule-failed'], {
        error: err instanceof Error ? err.message : String(err),
      }), {});
    }
  }
  return {
    rule,
    severity,
    status: ruleStatus(out.statuses),
    incomplete: out.statuses.has('error'),
    findings: out.list,
    duplicateKeys: out.duplicates(),
  };
}


/**
 * Which verdicts a failed read withholds: one in a region (or on a resource) whose data failed to load was not
 * really reached. A pass would hide what was not read, and a fail may only mean "not seen", so they go, and the
 * error finding stands for them; a fail or warn whose rule names the datasets it rests on (provenBy) stays when
 * those loaded. Account-wide verdicts (region "global") summarise every region, so any failed region withholds them.
 */
function withholding(errors: CollectionError[]): (e: Emitted) => boolean {
  if (errors.length === 0) return () => false;
  const failedIn = (datasets: readonly string[] | undefined) => {
    const relevant = datasets ? errors.filter((e) => datasets.includes(e.dataset)) : errors;
    return {
      regions: new Set(relevant.filter((e) => !e.resource).map((e) => e.region)),
      resources: new Set(relevant.flatMap((e) => (e.resource ? [e.resource] : []))),
    };
  };
  const all = failedIn(undefined);
  // Rules pass the same provenBy array for every finding: its failed regions are worked out once.
  const byBasis = new Map<readonly string[], ReturnType<typeof failedIn>>();
  const basis = (datasets: readonly string[]) => byBasis.get(datasets) ?? byBasis.set(datasets, failedIn(datasets)).get(datasets)!;
  const hit = (f: ReturnType<typeof failedIn>, e: Emitted) =>
    f.regions.has('global') ||
    f.regions.has(e.resource.region) ||
    (e.resource.region === 'global' && f.regions.size > 0) ||
    f.resources.has(e.resource.arn);
  return (e) => {
    if (e.status !== 'pass' && e.status !== 'fail' && e.status !== 'warn') return false;
    if (e.provenBy && e.status !== 'pass') return hit(basis(e.provenBy), e);
    return hit(all, e);
  };
}

export function evaluate(snapshot: Snapshot, rules: SelectedRule[]): RuleResult[] {
  return rules.map((r) => evaluateRule(snapshot, r, rules));
}
