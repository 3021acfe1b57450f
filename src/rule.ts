import type { z } from 'zod';
import type { ComplianceRef } from './compliance/registry.js';
import type { SectionId } from './sections.js';
import type { DatasetKey, View } from './snapshot/registry.js';
import type { SnapshotMeta } from './snapshot/schema.js';
import { resourceRef, type ResourceLike, type ResourceRef } from './resource.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Kind = 'automatic' | 'heuristic' | 'manual';
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'info' | 'error';
export type RuleStatus = FindingStatus | 'not-applicable';

export { ResourceRef, resourceRef, arnResourceId, type ResourceLike } from './resource.js';

/** Values a message template can interpolate. */
export type MessageData = Record<string, string | number | boolean | null | undefined>;

/** What a rule yields: a verdict on a resource, worded by one of the rule's declared messages. */
export interface Emitted {
  status: FindingStatus;
  severity?: Severity;
  resource: ResourceRef;
  /** A key of the rule's `messages`. */
  messageId: string;
  data?: MessageData;
  provenBy?: readonly DatasetKey[];
  /**
   * What on the resource the finding is about, when a resource can have several findings of one
   * message (the port and source of an exposure, the listener, the key, the record): part of the
   * finding's identity, so it must name the thing, never an observation (an age, a count, a date).
   */
  subject?: string;
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
   * case to another (SSH to ec2-no-ssh-ingress) must check that the other one really runs and covers it. Pass the
   * rule module itself, so its options are type-checked here.
   */
  otherRule<P>(rule: TypedRule<P>): { options: P } | undefined;
  /**
   * A resource the snapshot names but did not collect (an Auto Scaling group known only from its instances'
   * tags): no tags, and its ARN as AWS builds it.
   */
  referenced(arn: string, region: string, id: string): ResourceRef;
  /** True when a dataset the rule reads failed to load in that region (or account-wide): context it must do without. */
  unavailable(dataset: DatasetKey, region: string): boolean;
  /**
   * True when any part of a dataset failed to load, one resource's part included (one hosted zone's records): a verdict
   * that rests on something being absent from it ("no record points here") cannot be given.
   */
  incomplete(dataset: DatasetKey): boolean;
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
  /**
   * The framework controls the rule checks, and how fully (../shared/compliance-map.json is the reference;
   * a test holds every rule to it). Framework and control ids are checked against src/compliance/registry.ts.
   */
  compliance: readonly ComplianceRef[];
  docs: RuleDocs;
  /**
   * Every message the rule can emit, by id (ESLint style): `{{name}}` placeholders are filled from the
   * emitted data. The id, not the wording, is part of a finding's identity: rewording a message changes
   * no baseline, suppression or SARIF alert.
   */
  messages: Record<string, string>;
  check(view: View<N[number]> & OptionalView<M[number]>, ctx: RuleContext<z.output<O>>): Iterable<Emitted>;
}

/** A rule with its types erased, as the engine holds it. */
export interface Rule extends Omit<RuleSpec<readonly DatasetKey[], z.ZodType, readonly DatasetKey[]>, 'check'> {
  check(view: unknown, ctx: RuleContext<unknown>): Iterable<Emitted>;
}

/** A rule that remembers its options' type, for other rules that read them (`ctx.otherRule`). */
export interface TypedRule<P> extends Rule {
  readonly __options?: P;
}

export function defineRule<const N extends readonly DatasetKey[], O extends z.ZodType, const M extends readonly DatasetKey[] = []>(
  spec: RuleSpec<N, O, M>,
): TypedRule<z.output<O>> {
  return spec as unknown as TypedRule<z.output<O>>;
}

/** Every dataset a rule reads, required or optional: what collection must fetch for it. */
export function ruleDatasets(rule: Pick<Rule, 'needs' | 'optionalNeeds'>): DatasetKey[] {
  return [...rule.needs, ...(rule.optionalNeeds ?? [])];
}

export interface Extra {
  severity?: Severity;
  /** See Emitted.subject. */
  subject?: string;
  evidence?: Record<string, unknown>;
  /**
   * The datasets this verdict rests on, when fewer than all the rule needs: a violation proven by what was
   * read (a group open to the world) stands when only context (which interfaces use it) failed to load.
   */
  provenBy?: readonly DatasetKey[];
}

function emit(status: FindingStatus) {
  // Built field by field: object spreads cost a temporary object per finding.
  return (resource: ResourceLike, messageId: string, data?: MessageData, extra?: Extra): Emitted => {
    const e: Emitted = { status, resource: resourceRef(resource), messageId };
    if (data) e.data = data;
    if (extra?.severity) e.severity = extra.severity;
    if (extra?.subject !== undefined) e.subject = extra.subject;
    if (extra?.evidence) e.evidence = extra.evidence;
    if (extra?.provenBy) e.provenBy = extra.provenBy;
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

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A template cut at its placeholders: text, placeholder, text, ... (always odd in length). */
type Compiled = (string | { name: string; whole: string })[];
const compiled = new Map<string, Compiled>();
/** Templates are rules' messages, a few hundred; the bound only guards against a caller making them up. */
const MAX_COMPILED = 5000;

function compile(template: string): Compiled {
  const parts: Compiled = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, m.index), { name: m[1]!, whole: m[0] });
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/**
 * Fills `{{name}}` placeholders from data; a placeholder without data stays as written (RuleTester flags it).
 * Each template is cut once: a large audit formats a million messages from a few hundred templates.
 */
export function formatMessage(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  let parts = compiled.get(template);
  if (!parts) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(template, (parts = compile(template)));
  }
  // Joined, not concatenated: `+=` makes a tree of string pieces (a million messages held until the report is
  // written, each flattened again by every renderer); join makes the one flat string the report keeps.
  const out: string[] = [parts[0] as string];
  for (let i = 1; i < parts.length; i += 2) {
    const { name, whole } = parts[i] as { name: string; whole: string };
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    out.push(value !== undefined ? String(value) : whole, parts[i + 1] as string);
  }
  return out.join('');
}

/** Statuses, worst first: the one order a rule's status, sorting and every renderer use. */
export const FINDING_STATUSES = ['fail', 'warn', 'error', 'pass', 'info'] as const satisfies readonly FindingStatus[];
export const RULE_STATUSES = [...FINDING_STATUSES, 'not-applicable'] as const satisfies readonly RuleStatus[];

export function statusRank(s: RuleStatus): number {
  return (RULE_STATUSES as readonly RuleStatus[]).indexOf(s);
}

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
