import type { Emitted, FindingStatus, ResourceRef, Rule, RuleContext, RuleStatus, Severity } from '../rule.js';
import { datasetDef } from '../snapshot/registry.js';
import { datasetErrors, getSlice, type CollectionError, type Snapshot } from '../snapshot/schema.js';

export interface Finding {
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: ResourceRef;
  message: string;
  evidence: Record<string, unknown>;
}

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
}

const STATUS_ORDER: RuleStatus[] = ['fail', 'warn', 'error', 'pass', 'info', 'not-applicable'];

export function accountResource(snapshot: Snapshot, region = 'global', service = 'account'): ResourceRef {
  const { partition, accountId } = snapshot.meta;
  const r = region === 'global' ? '' : region;
  return { arn: `arn:${partition}:${service}:${r}:${accountId}:account`, region, id: accountId };
}

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

function errorFinding(rule: Rule, severity: Severity, snapshot: Snapshot, e: CollectionError): Finding {
  return {
    ruleId: rule.id,
    status: 'error',
    severity,
    resource: e.resource
      ? { arn: e.resource, region: e.region, id: e.resource.split(/[:/]/).pop() ?? e.resource }
      : accountResource(snapshot, e.region, e.service),
    message: `not checked: ${e.operation} failed in ${e.region} (${e.code}: ${e.message})`,
    evidence: { dataset: e.dataset, operation: e.operation, code: e.code },
  };
}

function ruleStatus(findings: Finding[]): RuleStatus {
  const present = new Set<RuleStatus>(findings.map((f) => f.status));
  return STATUS_ORDER.find((s) => present.has(s)) ?? 'not-applicable';
}

export function evaluateRule(snapshot: Snapshot, selected: SelectedRule, audit: readonly SelectedRule[] = [selected]): RuleResult {
  const { rule, severity } = selected;
  const findings: Finding[] = [];
  const missing = rule.needs.filter((k) => getSlice(snapshot, k.split('.')[0]!)?.[k.split('.')[1]!] === undefined);
  const errors = rule.needs.flatMap((k) => datasetErrors(snapshot, k));
  // One error finding per failed (dataset, region, resource): the reader learns exactly what was not checked.
  const seen = new Set<string>();
  for (const e of errors) {
    // One failed call (ListBuckets) also fails the datasets built on it: say it once.
    const key = `${e.operation}|${e.code}|${e.region}|${e.resource ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(errorFinding(rule, severity, snapshot, e));
  }
  for (const key of missing) {
    if (errors.some((e) => e.dataset === key)) continue;
    findings.push({
      ruleId: rule.id,
      status: 'error',
      severity,
      resource: accountResource(snapshot),
      message: `not checked: the snapshot has no ${key} (collect it with this rule selected)`,
      evidence: { dataset: key },
    });
  }
  // Optional context that failed to load: said once per failure, the rule still runs without it.
  for (const e of (rule.optionalNeeds ?? []).flatMap((k) => datasetErrors(snapshot, k)))
    findings.push({
      ...errorFinding(rule, 'info', snapshot, e),
      status: 'info',
      message: `context not available: ${e.operation} failed in ${e.region} (${e.code}: ${e.message})`,
    });
  if (missing.length === 0) {
    const ctx: RuleContext<unknown> = {
      options: selected.options,
      meta: snapshot.meta,
      now: new Date(snapshot.meta.collectedAt),
      account: (region, service) => accountResource(snapshot, region, service),
      otherRule: (id) => {
        const other = audit.find((s) => s.rule.id === id);
        return other ? { options: other.options as Record<string, unknown> } : undefined;
      },
    };
    // A verdict in a region (or on a resource) whose data failed to load was not really reached: a pass
    // would hide what was not read, and a fail may only mean "not seen". The error finding stands for it.
    // Account-wide verdicts (region "global") summarise every region, so any failed region withholds them too.
    const failedRegions = new Set(errors.filter((e) => !e.resource).map((e) => e.region));
    const failedResources = new Set(errors.flatMap((e) => (e.resource ? [e.resource] : [])));
    const withheld = (e: Emitted) =>
      (e.status === 'pass' || e.status === 'fail' || e.status === 'warn') &&
      (failedRegions.has('global') ||
        failedRegions.has(e.resource.region) ||
        (e.resource.region === 'global' && failedRegions.size > 0) ||
        failedResources.has(e.resource.arn));
    try {
      for (const emitted of rule.check(buildView(snapshot, rule), ctx) as Iterable<Emitted>) {
        if (withheld(emitted)) continue;
        findings.push({
          ruleId: rule.id,
          status: emitted.status,
          // Advice is info unless the rule says otherwise; an override applies to every verdict.
          severity:
            emitted.status === 'info'
              ? (emitted.severity ?? 'info')
              : selected.severityOverridden
                ? severity
                : (emitted.severity ?? severity),
          resource: emitted.resource,
          message: emitted.message,
          evidence: emitted.evidence ?? {},
        });
      }
    } catch (err) {
      findings.push({
        ruleId: rule.id,
        status: 'error',
        severity,
        resource: accountResource(snapshot),
        message: `rule failed: ${err instanceof Error ? err.message : String(err)}`,
        evidence: {},
      });
    }
  }
  return {
    rule,
    severity,
    status: ruleStatus(findings),
    incomplete: findings.some((f) => f.status === 'error'),
    findings,
  };
}

export function evaluate(snapshot: Snapshot, rules: SelectedRule[]): RuleResult[] {
  return rules.map((r) => evaluateRule(snapshot, r, rules));
}
