/**
 * A report is complete and consistent: the structure the README documents, every count matching the
 * findings, every `error` finding listed under notChecked, and no `pass` for what was not checked.
 * Used by the fault, hostile-input and property tests on every report they get.
 */
import { reportErrors } from '../support/report-schema.js';

const FINDING_STATUSES = ['fail', 'warn', 'error', 'pass', 'info'] as const;
const RULE_STATUSES = [...FINDING_STATUSES, 'not-applicable'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const TOP_KEYS = ['schemaVersion', 'tool', 'generatedAt', 'source', 'account', 'regions', 'failOn', 'score', 'summary', 'rules', 'findings', 'notChecked'];

interface AnyFinding {
  ruleId: string;
  status: string;
  severity: string;
  resource: { arn: string; region: string; id: string };
  message: string;
  evidence: Record<string, unknown>;
  suppressed?: unknown;
}
interface AnyReport {
  [k: string]: unknown;
  rules: { id: string; status: string; counts: Record<string, number>; incomplete: boolean }[];
  findings: AnyFinding[];
  notChecked: { ruleId: string; region: string; resource: string; message: string }[];
  summary: { rules: Record<string, number>; findings: Record<string, number>; incomplete: boolean; violations: number };
}

/** Problems found in a report (empty: it is complete and consistent). */
export function reportProblems(json: unknown): string[] {
  const out: string[] = [];
  const r = json as AnyReport;
  if (!r || typeof r !== 'object') return ['not an object'];
  const keys = Object.keys(r);
  const missing = TOP_KEYS.filter((k) => !keys.includes(k));
  if (missing.length) out.push(`missing top-level keys: ${missing.join(', ')}`);
  const order = keys.filter((k) => TOP_KEYS.includes(k));
  if (order.join() !== TOP_KEYS.filter((k) => keys.includes(k)).join()) out.push(`top-level keys out of order: ${order.join(', ')}`);
  if (!Array.isArray(r.rules) || !Array.isArray(r.findings) || !Array.isArray(r.notChecked)) return [...out, 'rules/findings/notChecked not arrays'];
  const ruleIds = new Set(r.rules.map((x) => x.id));
  if (ruleIds.size !== r.rules.length) out.push('duplicate rule ids');
  const active = r.findings.filter((f) => !f.suppressed);
  r.findings.forEach((f, i) => {
    if (!ruleIds.has(f.ruleId)) out.push(`findings[${i}]: unknown rule ${f.ruleId}`);
    if (!(FINDING_STATUSES as readonly string[]).includes(f.status)) out.push(`findings[${i}]: bad status ${f.status}`);
    if (!SEVERITIES.includes(f.severity)) out.push(`findings[${i}]: bad severity ${f.severity}`);
    if (typeof f.resource?.arn !== 'string' || typeof f.resource?.region !== 'string' || typeof f.resource?.id !== 'string')
      out.push(`findings[${i}]: resource needs arn, region, id`);
    if (typeof f.message !== 'string' || f.message === '') out.push(`findings[${i}]: empty message`);
    if (!f.evidence || typeof f.evidence !== 'object' || Array.isArray(f.evidence)) out.push(`findings[${i}]: evidence is not an object`);
  });
  for (const s of FINDING_STATUSES) {
    const n = active.filter((f) => f.status === s).length;
    if (r.summary.findings[s] !== n) out.push(`summary.findings.${s} is ${r.summary.findings[s]}, counted ${n}`);
  }
  for (const s of RULE_STATUSES) {
    const n = r.rules.filter((x) => x.status === s).length;
    if (r.summary.rules[s] !== n) out.push(`summary.rules.${s} is ${r.summary.rules[s]}, counted ${n}`);
  }
  for (const rule of r.rules) {
    const mine = active.filter((f) => f.ruleId === rule.id);
    if (mine.length === 0 && rule.status !== 'not-applicable') out.push(`rule ${rule.id}: status ${rule.status} without findings`);
    for (const s of FINDING_STATUSES)
      if ((rule.counts[s] ?? 0) !== mine.filter((f) => f.status === s).length) out.push(`rule ${rule.id}: counts.${s} does not match its findings`);
    if (rule.incomplete !== mine.some((f) => f.status === 'error')) out.push(`rule ${rule.id}: incomplete does not match its error findings`);
  }
  const errors = active.filter((f) => f.status === 'error');
  if (errors.length !== r.notChecked.length) out.push(`${errors.length} error findings but ${r.notChecked.length} notChecked entries`);
  for (const e of errors)
    if (!r.notChecked.some((n) => n.ruleId === e.ruleId && n.region === e.resource.region && n.message === e.message))
      out.push(`error finding of ${e.ruleId} in ${e.resource.region} is not in notChecked`);
  if (r.summary.incomplete !== r.notChecked.length > 0) out.push('summary.incomplete does not match notChecked');
  return out;
}

/** Throws listing every problem: the report's structure, its counts, and schema/report.schema.json. */
export async function expectValidReport(json: unknown): Promise<void> {
  const problems = [...reportProblems(json), ...reportErrors(json)];
  if (problems.length) throw new Error(`invalid report:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

/** Rules with a `pass` in a region where the same rule also could not be checked (an error there). */
export function passesWhereNotChecked(json: unknown): string[] {
  const r = json as AnyReport;
  const out: string[] = [];
  // Collection errors only (they carry the dataset); a rule that threw is another matter.
  for (const e of r.findings.filter((f) => f.status === 'error' && f.evidence?.dataset !== undefined)) {
    const regionLevel = e.resource.arn.endsWith(':account');
    for (const p of r.findings) {
      if (p.ruleId !== e.ruleId || p.status !== 'pass') continue;
      const spoiled = regionLevel ? e.resource.region === 'global' || p.resource.region === e.resource.region : p.resource.arn === e.resource.arn;
      if (spoiled) out.push(`${p.ruleId}: pass on ${p.resource.id} (${p.resource.region}) although ${e.message}`);
    }
  }
  return out;
}
