/**
 * RuleTester (public: `import { RuleTester } from 'aws-tips/rule-tester'`): runs a rule on small snapshots,
 * valid cases (nothing to report) and invalid ones (these findings, no others), through the same engine as an audit,
 * and holds every finding to the identity contract (declared message, filled placeholders, a key of its own).
 * It runs inside vitest (describe/it/expect), which the caller provides.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRule, type Finding } from '../engine/evaluate.js';
import { ruleOptions } from '../engine/select.js';
import type { FindingStatus, Rule, Severity } from '../rule.js';
import { datasetDef } from '../snapshot/registry.js';
import { snapshotSchema, type Snapshot } from '../snapshot/schema.js';
import { RULES as ALL_RULES } from '../../rules/index.js';
import { ruleProblem } from '../plugins.js';

export const TEST_ACCOUNT = '123456789012';
export const TEST_NOW = '2026-11-01T12:00:00.000Z';

/** A partial snapshot: service slices with only the datasets the case cares about. */
export type SnapshotInput = Record<string, Record<string, unknown>> & { meta?: Partial<Snapshot['meta']> };

export interface ValidCase {
  name: string;
  snapshot: SnapshotInput;
  options?: Record<string, unknown>;
  /** Other rules selected in the same audit, with their options. */
  others?: OtherRules;
  /**
   * Statuses allowed in a valid case; default pass, info. At least one finding must have an allowed
   * status other than info (by default: at least one pass), so a rule that yields nothing fails.
   */
  allow?: FindingStatus[];
  /**
   * Nothing in the snapshot is in the rule's scope: the case must yield no pass, fail, warn or error
   * (info is allowed). Not combined with `allow`.
   */
  notApplicable?: boolean;
}

export interface ExpectedFinding {
  status: FindingStatus;
  /** The id of the rule's message it was worded by. */
  messageId?: string;
  severity?: Severity;
  /** Resource id (i-..., sg-..., user name) or full ARN. */
  resource?: string;
  region?: string;
  message?: RegExp | string;
  evidence?: Record<string, unknown>;
}

export interface InvalidCase {
  name: string;
  snapshot: SnapshotInput;
  options?: Record<string, unknown>;
  /** Other rules selected in the same audit, with their options. */
  others?: OtherRules;
  /** Every finding that is not a pass, in any order; passes are ignored unless `passes` is given. */
  findings: ExpectedFinding[];
  /** Resource ids that must pass. */
  passes?: string[];
}

/**
 * Builds a full snapshot from a partial one: meta defaults, Region and Arn on items that lack them,
 * empty lists for needed array datasets the case left out. The result must satisfy the snapshot
 * schema, so fixtures stay honest.
 */
export function buildSnapshot(rule: Rule | undefined, input: SnapshotInput): Snapshot {
  const { meta, ...slices } = input;
  const m = { accountId: TEST_ACCOUNT, partition: 'aws', regions: ['us-east-1'], collectedAt: TEST_NOW, toolVersion: 'test', ...meta };
  const out: Record<string, unknown> = { schemaVersion: 1, meta: m };
  for (const [service, slice] of Object.entries(slices)) {
    const copy: Record<string, unknown> = { errors: [] };
    for (const [name, value] of Object.entries(slice)) {
      if (name === 'errors') {
        copy.errors = value;
        continue;
      }
      copy[name] = Array.isArray(value)
        ? value.map((item, i) => withLocation(service, name, item as Record<string, unknown>, i, m.regions[0]!))
        : value;
    }
    out[service] = copy;
  }
  for (const key of rule?.needs ?? []) {
    const [service, name] = key.split('.') as [string, string];
    const slice = (out[service] ??= { errors: [] }) as Record<string, unknown>;
    if (slice[name] === undefined && datasetDef(key).schema.safeParse([]).success) slice[name] = [];
  }
  const parsed = snapshotSchema.safeParse(out);
  if (!parsed.success) throw new Error(`test snapshot is invalid: ${JSON.stringify(parsed.error.issues[0])}`);
  return out as Snapshot;
}

function withLocation(service: string, dataset: string, item: Record<string, unknown>, i: number, region: string) {
  if (typeof item !== 'object' || item === null) return item;
  const Region = (item.Region as string) ?? region;
  const id = ['InstanceId', 'GroupId', 'AllocationId', 'VolumeId', 'NetworkAclId', 'SubnetId', 'VpcId', 'UserName', 'Name', 'LoadBalancerName']
    .map((k) => item[k])
    .find((v) => typeof v === 'string') as string | undefined;
  const Arn = (item.Arn as string) ?? `arn:aws:${service}:${Region}:${TEST_ACCOUNT}:${dataset}/${id ?? i}`;
  return { ...item, Region, Arn };
}

/** Other rules selected in the same audit, by id, with their options (for rules that defer to another). */
export type OtherRules = Record<string, Record<string, unknown>>;

function run(rule: Rule, snapshot: SnapshotInput, options?: Record<string, unknown>, others: OtherRules = {}): Finding[] {
  const select = (r: Rule, o: Record<string, unknown>) => ({ rule: r, options: ruleOptions(r, o, 'test options'), severity: r.severity, severityOverridden: false });
  const self = select(rule, options ?? {});
  const audit = [self, ...Object.entries(others).map(([id, o]) => select(ALL_RULES.find((r) => r.id === id) ?? fail(`no rule ${id}`), o))];
  const result = evaluateRule(buildSnapshot(rule, snapshot), self, audit);
  // Every finding of every case is checked for the identity contract: a declared message, all placeholders
  // filled, and a key of its own (two findings with one key need a subject that tells them apart).
  for (const f of result.findings) {
    expect(f.messageId.startsWith('engine/') || Object.hasOwn(rule.messages, f.messageId), `${f.messageId} is not in ${rule.id}'s messages`).toBe(true);
    expect(f.message, `unfilled placeholder in ${rule.id}/${f.messageId}`).not.toMatch(/\{\{\s*\w+\s*\}\}/);
  }
  expect(result.duplicateKeys, `${rule.id} emitted findings with the same key (rule, resource, message id, subject): give them subjects\n  ${show(result.findings)}`).toBe(0);
  return result.findings;
}

function fail(message: string): never {
  throw new Error(message);
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  if (f.status !== e.status) return false;
  if (e.messageId && f.messageId !== e.messageId) return false;
  if (e.severity && f.severity !== e.severity) return false;
  if (e.resource && f.resource.id !== e.resource && f.resource.arn !== e.resource) return false;
  if (e.region && f.resource.region !== e.region) return false;
  if (e.message && !(typeof e.message === 'string' ? f.message.includes(e.message) : e.message.test(f.message))) return false;
  if (e.evidence) for (const [k, v] of Object.entries(e.evidence)) if (JSON.stringify(f.evidence[k]) !== JSON.stringify(v)) return false;
  return true;
}

const show = (fs: Finding[]) => fs.map((f) => `${f.status}/${f.severity} ${f.resource.id} [${f.messageId}${f.subject ? ` ${f.subject}` : ''}]: ${f.message}`).join('\n  ');

export class RuleTester {
  static run(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    describe(rule.id, () => {
      it('has at least one valid and one invalid case', () => {
        expect(cases.valid.length).toBeGreaterThan(0);
        expect(cases.invalid.length).toBeGreaterThan(0);
      });
      // A plugin's rule is validated when aws-tips loads it; its tests say so first.
      if (rule.id.includes('/'))
        it('is a valid plugin rule', () => {
          expect(ruleProblem(rule, rule.id.slice(0, rule.id.indexOf('/')))).toBeUndefined();
        });
      for (const c of cases.valid) {
        it(`valid: ${c.name}`, () => {
          expect(c.notApplicable && c.allow, 'a valid case is either notApplicable or lists allow, not both').toBeFalsy();
          const findings = run(rule, c.snapshot, c.options, c.others);
          const allowed = new Set<FindingStatus>(c.notApplicable ? ['info'] : (c.allow ?? ['pass', 'info']));
          const bad = findings.filter((f) => !allowed.has(f.status));
          expect(bad, `unexpected findings:\n  ${show(bad)}`).toEqual([]);
          if (c.notApplicable) return;
          // A rule that yields nothing (or only info) must not pass a valid case: some resource has to be judged.
          const judged = [...allowed].filter((s) => s !== 'info');
          const required = judged.length > 0 ? judged : [...allowed];
          expect(
            findings.some((f) => required.includes(f.status)),
            `expected at least one ${required.join('/')} finding (mark the case notApplicable if nothing is in scope); got:\n  ${show(findings)}`,
          ).toBe(true);
        });
      }
      for (const c of cases.invalid) {
        it(`invalid: ${c.name}`, () => {
          const findings = run(rule, c.snapshot, c.options, c.others);
          const rest = findings.filter((f) => f.status !== 'pass');
          for (const e of c.findings) {
            const i = rest.findIndex((f) => matches(f, e));
            expect(i, `no finding matches ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? String(v) : v))}; got:\n  ${show(rest)}`).toBeGreaterThanOrEqual(0);
            rest.splice(i, 1);
          }
          expect(rest, `unexpected findings:\n  ${show(rest)}`).toEqual([]);
          for (const id of c.passes ?? [])
            expect(findings.some((f) => f.status === 'pass' && f.resource.id === id), `${id} should pass; got:\n  ${show(findings)}`).toBe(true);
        });
      }
    });
  }
}
