import { z } from 'zod';
import { zodLine } from '../errors.js';
import { SEVERITIES, type FindingStatus, type Severity } from '../rule.js';

/**
 * `--baseline REPORT.json`: a report from an earlier audit. A finding is identified by its key (account,
 * rule, resource, message id, subject: finding-key.ts); fail and warn findings whose key the baseline does
 * not hold as a fail or warn are `new`, and only new findings gate the build. Baseline problems whose key is
 * gone are `fixed`. Pure: the caller reads the file.
 */

/** Only problems are compared: the gate is about fail, and warn is worth tracking too. */
export const COMPARED: readonly FindingStatus[] = ['fail', 'warn'];

const findingStatus = z.enum(['pass', 'fail', 'warn', 'info', 'error']);

/** The part of a report a baseline needs; anything else in the file is ignored. */
export const baselineSchema = z.looseObject({
  schemaVersion: z.union([z.literal(2), z.literal(3)]),
  tool: z.looseObject({ name: z.literal('aws-tips') }),
  generatedAt: z.string(),
  /** Schema 2 reports audited one account, named here; schema 3 findings name their own. */
  account: z.looseObject({ id: z.string() }).optional(),
  findings: z.array(
    z.looseObject({
      key: z.string().regex(/^[0-9a-f]{32}$/, 'expected a finding key'),
      account: z.string().optional(),
      ruleId: z.string(),
      status: findingStatus,
      severity: z.enum(SEVERITIES),
      resource: z.looseObject({ arn: z.string(), region: z.string(), id: z.string() }),
      message: z.string(),
    }),
  ),
});

/** What a baseline provides (a whole Report is one). */
export interface BaselineReport {
  schemaVersion: number;
  tool: { name: 'aws-tips' };
  generatedAt: string;
  findings: ComparableFinding[];
}

/** Validates a parsed baseline file; throws an Error with one line naming what is wrong. */
export function parseBaseline(data: unknown): BaselineReport {
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if ((data as { tool?: { name?: unknown } } | null)?.tool?.name === 'aws-tips' && typeof version === 'number' && version < 2)
    throw new Error(`written by an older aws-tips (report schemaVersion ${version}), whose findings have no stable key: run the audit again with this version to make a new baseline`);
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) throw new Error(`not an aws-tips report: ${zodLine(parsed.error)}`);
  // A single-account report (schema 2) names its account once: each finding gets it, so baselines compare per account.
  const reportAccount = parsed.data.account?.id ?? '';
  for (const f of parsed.data.findings) f.account ??= reportAccount;
  return parsed.data as BaselineReport;
}

export type BaselineState = 'new' | 'unchanged';

export interface ComparableFinding {
  key: string;
  account: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string };
  message: string;
}

/** A baseline problem that the current audit no longer finds. */
export interface FixedFinding {
  key: string;
  account: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string };
  message: string;
}

export interface BaselineComparison {
  /** Per current finding, in input order: new or unchanged (fail and warn), null for other statuses. */
  states: (BaselineState | null)[];
  fixed: FixedFinding[];
  counts: { new: number; unchanged: number; fixed: number };
}

/** What the current audit looked at: a baseline finding outside it is not "fixed", just not compared. */
export interface AuditScope {
  /** The account audited: a baseline of an organization is compared account by account. */
  account: string;
  rules: string[];
  regions: string[];
}

/** A baseline compared one finding at a time (the verdict stage decides each finding as it arrives). */
export interface BaselineComparer {
  /** new or unchanged for a fail or warn finding, null for other statuses. */
  state(f: ComparableFinding): BaselineState | null;
  /** Once every finding has been through state: the baseline problems fixed, and the counts. */
  finish(scope: Omit<AuditScope, 'account'>): Omit<BaselineComparison, 'states'>;
}

export function baselineComparer(baseline: BaselineReport, account: string): BaselineComparer {
  const entries = baseline.findings.filter((f) => f.account === account && COMPARED.includes(f.status));
  const before = new Set(entries.map((f) => f.key));
  const now = new Set<string>();
  // A rule that could not check a region this time (an error finding) has not fixed anything there.
  const unchecked = new Set<string>();
  const counts = { new: 0, unchanged: 0, fixed: 0 };
  return {
    state(f) {
      if (f.status === 'error') unchecked.add(`${f.ruleId}\u0000${f.resource.region}`);
      if (!COMPARED.includes(f.status)) return null;
      now.add(f.key);
      const state: BaselineState = before.has(f.key) ? 'unchanged' : 'new';
      counts[state] += 1;
      return state;
    },
    finish(scope) {
      const inScope = (f: FixedFinding) =>
        scope.rules.includes(f.ruleId) &&
        (f.resource.region === 'global' || scope.regions.includes(f.resource.region)) &&
        !unchecked.has(`${f.ruleId}\u0000${f.resource.region}`) &&
        !unchecked.has(`${f.ruleId}\u0000global`);
      const fixed: FixedFinding[] = [];
      for (const f of entries)
        if (!now.has(f.key) && inScope(f))
          fixed.push({
            key: f.key,
            account: f.account,
            ruleId: f.ruleId,
            status: f.status,
            severity: f.severity,
            resource: { arn: f.resource.arn, region: f.resource.region, id: f.resource.id },
            message: f.message,
          });
      return { fixed, counts: { ...counts, fixed: fixed.length } };
    },
  };
}

export function compareBaseline(current: ComparableFinding[], baseline: BaselineReport, scope: AuditScope): BaselineComparison {
  const c = baselineComparer(baseline, scope.account);
  const states = current.map((f) => c.state(f));
  return { states, ...c.finish(scope) };
}
