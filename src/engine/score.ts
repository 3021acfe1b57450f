import type { Severity } from '../rule.js';
import { SECTIONS, type SectionId } from '../sections.js';
import type { RuleResult } from './evaluate.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

export interface Score {
  /** 0-100, or null when no rule had anything to score. */
  overall: number | null;
  sections: Record<SectionId, number | null>;
}

/**
 * Per rule, the share of passing resources (a warn counts half), weighted by the rule's severity.
 * error, info and not-applicable findings are reported but not scored; suppressed findings are
 * left out by the caller.
 */
export function ruleShare(result: RuleResult): number | null {
  let pass = 0;
  let total = 0;
  for (const f of result.findings) {
    if (f.status === 'pass') pass += 1;
    else if (f.status === 'warn') pass += 0.5;
    else if (f.status !== 'fail') continue;
    total += 1;
  }
  return total === 0 ? null : pass / total;
}

function weighted(results: RuleResult[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const r of results) {
    const share = ruleShare(r);
    const w = SEVERITY_WEIGHTS[r.severity];
    if (share === null || w === 0) continue;
    sum += w * share;
    weights += w;
  }
  return weights === 0 ? null : Math.round((1000 * sum) / weights) / 10;
}

export function score(results: RuleResult[]): Score {
  const sections = {} as Record<SectionId, number | null>;
  for (const s of SECTIONS) sections[s.id] = weighted(results.filter((r) => r.rule.section === s.id));
  return { overall: weighted(results), sections };
}
