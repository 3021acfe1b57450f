import { FRAMEWORK_CONTROLS } from './controls.js';

/**
 * The compliance frameworks aws-tips reports against, and each one's controls, those no rule checks
 * included: a report lists those as "not checked by aws-tips" rather than let a green report read as
 * compliance. Rule metadata names controls by these ids; the type system refuses an unknown framework or
 * control in a built-in rule, and complianceProblem() refuses it in a rule loaded at run time (a plugin).
 */
export const FRAMEWORKS = {
  'cis-aws-foundations-3.0': {
    title: 'CIS Amazon Web Services Foundations Benchmark',
    version: '3.0.0',
    source: 'https://github.com/prowler-cloud/prowler/blob/3e000faa3109230b748e4418a13c11c9e59f5cfb/prowler/compliance/aws/cis_3.0_aws.json',
  },
  'cis-aws-foundations-5.0': {
    title: 'CIS Amazon Web Services Foundations Benchmark',
    version: '5.0.0',
    source: 'https://github.com/prowler-cloud/prowler/blob/3e000faa3109230b748e4418a13c11c9e59f5cfb/prowler/compliance/aws/cis_5.0_aws.json',
  },
  'cis-aws-foundations-7.0': {
    title: 'CIS Amazon Web Services Foundations Benchmark',
    version: '7.0.0',
    source: 'https://github.com/prowler-cloud/prowler/blob/3e000faa3109230b748e4418a13c11c9e59f5cfb/prowler/compliance/aws/cis_7.0_aws.json',
  },
  'aws-fsbp': {
    title: 'AWS Foundational Security Best Practices (AWS Security Hub CSPM)',
    version: '1.0.0',
    source: 'https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html',
  },
  'aws-well-architected': {
    title: 'AWS Well-Architected Framework',
    version: 'latest as published 2026-05-20',
    source: 'https://docs.aws.amazon.com/wellarchitected/latest/framework/',
  },
} as const satisfies Record<keyof typeof FRAMEWORK_CONTROLS, { title: string; version: string; source: string }>;

export type FrameworkId = keyof typeof FRAMEWORKS;
export const FRAMEWORK_IDS = Object.keys(FRAMEWORKS) as FrameworkId[];

export type ControlId<F extends FrameworkId> = (typeof FRAMEWORK_CONTROLS)[F][number]['id'];

export type Coverage = 'full' | 'partial';

/** One control a rule checks: how fully (compliance-map.md "Coverage definitions"), and for partial, how it differs. */
export type ComplianceRef = {
  [F in FrameworkId]: {
    framework: F;
    control: ControlId<F>;
    coverage: Coverage;
    note?: string;
    /**
     * Only these of the rule's messages bear on this control, when the rule judges several controls (root MFA and
     * users' MFA): the control's status comes from their findings alone. The engine's own (not checked) always count.
     */
    messages?: readonly string[];
  };
}[FrameworkId];

export interface Control {
  id: string;
  title: string;
}

export function isFrameworkId(id: string): id is FrameworkId {
  return Object.hasOwn(FRAMEWORKS, id);
}

export function controlsOf(framework: FrameworkId): readonly Control[] {
  return FRAMEWORK_CONTROLS[framework];
}

const controlIndex = new Map<string, Control>(
  FRAMEWORK_IDS.flatMap((f) => controlsOf(f).map((c) => [`${f}\u0000${c.id}`, c] as const)),
);

export function controlOf(framework: string, control: string): Control | undefined {
  return controlIndex.get(`${framework}\u0000${control}`);
}

/** What is wrong with a rule's compliance metadata (unknown framework or control, bad coverage), or undefined. */
export function complianceProblem(ruleId: string, refs: unknown, messages?: Readonly<Record<string, string>>): string | undefined {
  if (!Array.isArray(refs)) return `rule ${ruleId}: compliance must be a list`;
  for (const ref of refs as Partial<Record<string, unknown>>[]) {
    if (ref?.messages !== undefined) {
      if (!Array.isArray(ref.messages) || ref.messages.some((m) => typeof m !== 'string'))
        return `rule ${ruleId}: messages of ${String(ref.framework)} ${String(ref.control)} must be a list of message ids`;
      const unknown = messages && (ref.messages as string[]).find((m) => !Object.hasOwn(messages, m));
      if (unknown !== undefined) return `rule ${ruleId}: ${String(ref.framework)} ${String(ref.control)} names message ${JSON.stringify(unknown)}, which the rule does not have`;
    }
    const framework = String(ref?.framework);
    if (!isFrameworkId(framework)) return `rule ${ruleId}: unknown framework ${JSON.stringify(ref?.framework)} (known: ${FRAMEWORK_IDS.join(', ')})`;
    if (!controlOf(framework, String(ref.control))) return `rule ${ruleId}: ${framework} has no control ${JSON.stringify(ref.control)}`;
    if (ref.coverage !== 'full' && ref.coverage !== 'partial') return `rule ${ruleId}: coverage of ${framework} ${String(ref.control)} must be full or partial`;
    if (ref.coverage === 'partial' && typeof ref.note !== 'string') return `rule ${ruleId}: partial coverage of ${framework} ${String(ref.control)} needs a note`;
  }
  return undefined;
}

/** A framework control a rule checks, as the reference (../shared/compliance-map.json) writes it: `note` only when partial. */
export interface ComplianceEntry {
  framework: FrameworkId;
  control: string;
  title: string;
  coverage: Coverage;
  note?: string;
}

/** A rule's controls with their titles, in the shape of the reference file (and of `rules --format json` and the JSON report). */
export function complianceEntries(refs: readonly ComplianceRef[]): ComplianceEntry[] {
  return refs.map((r) => {
    const e: ComplianceEntry = { framework: r.framework, control: r.control, title: controlOf(r.framework, r.control)?.title ?? '', coverage: r.coverage };
    if (r.note !== undefined) e.note = r.note;
    return e;
  });
}

/** How well aws-tips covers each control of a framework: the best coverage among the rules that map to it. */
export function frameworkCoverage(framework: FrameworkId, rules: readonly { id: string; compliance: readonly ComplianceRef[] }[]) {
  return controlsOf(framework).map((c) => {
    const refs = rules.flatMap((r) => r.compliance.filter((x) => x.framework === framework && x.control === c.id).map((x) => ({ rule: r.id, coverage: x.coverage, note: x.note })));
    const coverage: Coverage | 'none' = refs.some((r) => r.coverage === 'full') ? 'full' : refs.length ? 'partial' : 'none';
    return { control: c.id, title: c.title, coverage, rules: refs };
  });
}

/** --framework / `frameworks:` values: an unknown id is a usage error listing the known ones. */
export function unknownFramework(id: string): string {
  return `unknown framework ${JSON.stringify(id)} (known: ${FRAMEWORK_IDS.join(', ')})`;
}
