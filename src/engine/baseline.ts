import { z } from 'zod';
import { zodLine } from '../errors.js';
import { SEVERITIES, type FindingStatus, type Severity } from '../rule.js';

/**
 * `--baseline REPORT.json`: a report from an earlier audit. A finding is identified by (rule id,
 * resource ARN, status); those absent from the baseline are `new`, and only new findings gate the
 * build. Baseline problems that are gone are `fixed`. Pure: the caller reads the file.
 */

/** Only problems are compared: the gate is about fail, and warn is worth tracking too. */
export const COMPARED: readonly FindingStatus[] = ['fail', 'warn'];

const findingStatus = z.enum(['pass', 'fail', 'warn', 'info', 'error']);

/** The part of a report a baseline needs; anything else in the file is ignored. */
export const baselineSchema = z.looseObject({
  schemaVersion: z.literal(1),
  tool: z.looseObject({ name: z.literal('aws-tips') }),
  generatedAt: z.string(),
  findings: z.array(
    z.looseObject({
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
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) throw new Error(`not an aws-tips report: ${zodLine(parsed.error)}`);
  return parsed.data as BaselineReport;
}

export type BaselineState = 'new' | 'unchanged';

export interface ComparableFinding {
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string };
  message: string;
}

/** A baseline problem that the current audit no longer finds. */
export interface FixedFinding {
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
  rules: string[];
  regions: string[];
}

const key = (f: { ruleId: string; status: string; resource: { arn: string } }) => `${f.ruleId}\u0000${f.resource.arn}\u0000${f.status}`;

export function compareBaseline(current: ComparableFinding[], baseline: BaselineReport, scope: AuditScope): BaselineComparison {
  const states: (BaselineState | null)[] = current.map(() => null);
  const entries = baseline.findings.filter((f) => COMPARED.includes(f.status)).map((f) => ({ f, used: false }));
  const pending = new Map<string, typeof entries>();
  for (const e of entries) (pending.get(key(e.f)) ?? pending.set(key(e.f), []).get(key(e.f))!).push(e);
  // Several findings can share a key (one security group open to two sources): pair identical
  // messages first, then the rest in order, so one more of them is one new finding.
  for (const pass of ['same message', 'any'] as const) {
    current.forEach((f, i) => {
      if (!COMPARED.includes(f.status) || states[i] !== null) return;
      const candidates = pending.get(key(f)) ?? [];
      const match = candidates.find((c) => !c.used && (pass === 'any' || c.f.message === f.message));
      if (!match) return;
      match.used = true;
      states[i] = 'unchanged';
    });
  }
  current.forEach((f, i) => {
    if (COMPARED.includes(f.status) && states[i] === null) states[i] = 'new';
  });

  // A rule that could not check a region this time (an error finding) has not fixed anything there.
  const unchecked = new Set(current.filter((f) => f.status === 'error').map((f) => `${f.ruleId}\u0000${f.resource.region}`));
  const inScope = (f: FixedFinding) =>
    scope.rules.includes(f.ruleId) &&
    (f.resource.region === 'global' || scope.regions.includes(f.resource.region)) &&
    !unchecked.has(`${f.ruleId}\u0000${f.resource.region}`) &&
    !unchecked.has(`${f.ruleId}\u0000global`);
  const fixed: FixedFinding[] = [];
  for (const { f, used } of entries)
    if (!used && inScope(f))
      fixed.push({
        ruleId: f.ruleId,
        status: f.status,
        severity: f.severity,
        resource: { arn: f.resource.arn, region: f.resource.region, id: f.resource.id },
        message: f.message,
      });
  return {
    states,
    fixed,
    counts: {
      new: states.filter((s) => s === 'new').length,
      unchanged: states.filter((s) => s === 'unchanged').length,
      fixed: fixed.length,
    },
  };
}
