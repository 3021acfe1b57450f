import type { z } from 'zod';
import type { SectionId } from './sections.js';
import type { DatasetKey, View } from './snapshot/registry.js';
import type { SnapshotMeta } from './snapshot/schema.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Kind = 'automatic' | 'heuristic' | 'manual';
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'info' | 'error';
export type RuleStatus = FindingStatus | 'not-applicable';

export interface ResourceRef {
  arn: string;
  region: string;
  id: string;
  /** The resource's own tags, when the collected item carries them (suppressions can match on them). */
  tags?: Record<string, string>;
}

export interface Emitted {
  status: FindingStatus;
  severity?: Severity;
  resource: ResourceRef;
  message: string;
  evidence?: Record<string, unknown>;
}

export interface RuleDocs {
  /** Why the tip matters (the article's reasoning, as it stands today). */
  rationale: string;
  /** What the rule looks at and how it decides. */
  checks: string;
  remediation: string;
  /** An aws CLI command that fixes a failing resource, where one fits. */
  cli?: string;
  /** Where the 2014 advice changed, and how the rule reflects it. */
  outdated?: string;
  links: string[];
}

export interface RuleContext<O> {
  options: O;
  meta: SnapshotMeta;
  /** The time the snapshot was taken: ages are measured from it, so re-audits are reproducible. */
  now: Date;
  /** The account itself as a resource, for account-level findings. */
  account(region?: string, service?: string): ResourceRef;
  /**
   * Another rule of this audit, with its parsed options, or undefined when it is not selected: a rule that leaves a
   * case to another (SSH to ec2-no-ssh-ingress) must check that the other one really runs and covers it.
   */
  otherRule(id: string): { options: Record<string, unknown> } | undefined;
}

/** Optional datasets: the rule can run without them (they only add context), so they arrive possibly undefined. */
export type OptionalView<M extends DatasetKey> = { [K in keyof View<M>]: Partial<View<M>[K]> };

export interface RuleSpec<N extends readonly DatasetKey[], O extends z.ZodType, M extends readonly DatasetKey[] = []> {
  id: string;
  section: SectionId;
  /** The tip, verbatim from tips.txt. */
  tip: string;
  title: string;
  kind: Kind;
  severity: Severity;
  needs: N;
  /** Datasets that add context only: if they cannot be collected the rule still runs (and says so). */
  optionalNeeds?: M;
  options: O;
  /** Off unless turned on in the config (obsolete tips). */
  enabledByDefault?: boolean;
  docs: RuleDocs;
  check(view: View<N[number]> & OptionalView<M[number]>, ctx: RuleContext<z.output<O>>): Iterable<Emitted>;
}

/** A rule with its types erased, as the engine holds it. */
export interface Rule extends Omit<RuleSpec<readonly DatasetKey[], z.ZodType, readonly DatasetKey[]>, 'check'> {
  check(view: unknown, ctx: RuleContext<unknown>): Iterable<Emitted>;
}

export function defineRule<const N extends readonly DatasetKey[], O extends z.ZodType, const M extends readonly DatasetKey[] = []>(
  spec: RuleSpec<N, O, M>,
): Rule {
  return spec as unknown as Rule;
}

/** Every dataset a rule reads, required or optional: what collection must fetch for it. */
export function ruleDatasets(rule: Pick<Rule, 'needs' | 'optionalNeeds'>): DatasetKey[] {
  return [...rule.needs, ...(rule.optionalNeeds ?? [])];
}

/** Anything a finding can be about: a ResourceRef, or a collected item (which carries Arn and Region). */
export type ResourceLike = ResourceRef | { Arn: string; Region: string };

const ID_FIELDS = [
  'AllocationId', 'InstanceId', 'GroupId', 'VolumeId', 'NetworkAclId', 'NetworkInterfaceId', 'SubnetId',
  'PrefixListId', 'LoadBalancerName', 'UserName', 'RoleName', 'Name', 'AlarmName', 'AutoScalingGroupName',
  'DBInstanceIdentifier', 'DBClusterIdentifier', 'CacheClusterId', 'ReplicationGroupId', 'Id', 'KeyName',
  // Last: many resources carry the id of the VPC they live in.
  'VpcId',
] as const;

export function resourceRef(r: ResourceLike): ResourceRef {
  if ('arn' in r) return r;
  // One ref per collected item, shared by every finding about it (an instance is judged by a dozen
  // rules; a large account has a million findings), kept on the item under a symbol (not enumerable:
  // JSON and spreads never see it). Snapshot items and refs are never modified.
  const cached = (r as { [REF]?: ItemRef })[REF];
  if (cached) return cached;
  const rec = r as Record<string, unknown>;
  const field = ID_FIELDS.find((f) => typeof rec[f] === 'string' && rec[f] !== '');
  const id = field ? (rec[field] as string) : arnResourceId(r.Arn);
  const ref = new ItemRef(r.Arn, r.Region, id, itemTags(rec));
  if (Object.isExtensible(r)) Object.defineProperty(r, REF, { value: ref });
  return ref;
}
const REF = Symbol('aws-tips.resourceRef');

/** A ref made from an item: own keys in report order (arn, region, id, then tags only when some). */
class ItemRef implements ResourceRef {
  declare tags?: Record<string, string>;
  constructor(
    readonly arn: string,
    readonly region: string,
    readonly id: string,
    tags: Record<string, string> | undefined,
  ) {
    if (tags) this.tags = tags;
  }
}

/** A ref made by resourceRef from an item: keys in report order (arn, region, id, tags), tags only when some. */
export function isCanonicalRef(ref: ResourceRef): boolean {
  return ref instanceof ItemRef;
}

/** Tags of a collected item: `Tags`/`TagList`/`TagSet` as `[{ Key, Value }]` or as a map; undefined when none. */
export function itemTags(rec: Record<string, unknown>): Record<string, string> | undefined {
  const raw = rec.Tags ?? rec.TagList ?? rec.TagSet;
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const t of raw as { Key?: unknown; Value?: unknown }[])
      if (t && typeof t.Key === 'string' && t.Key !== '') out[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The resource part of an ARN: `arn:aws:iam::1:user/ops/alice` -> `alice`. */
export function arnResourceId(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts[parts.length - 1] || resource;
}

interface Extra {
  severity?: Severity;
  evidence?: Record<string, unknown>;
}

function emit(status: FindingStatus) {
  // Built field by field: object spreads cost a temporary object per finding.
  return (resource: ResourceLike, message: string, extra?: Extra): Emitted => {
    const e: Emitted = { status, resource: resourceRef(resource), message };
    if (extra?.severity) e.severity = extra.severity;
    if (extra?.evidence) e.evidence = extra.evidence;
    return e;
  };
}

export const pass = emit('pass');
export const fail = emit('fail');
/** A heuristic concern that needs a human look. */
export const warn = emit('warn');
/** Advice that neither passes nor fails (manual rules, context). */
export const info = emit('info');
export const error = emit('error');

/** Severity order: lower index is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) <= severityRank(threshold);
}

export function minSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
