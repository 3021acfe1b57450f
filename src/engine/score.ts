import type { FindingStatus, Severity } from '../rule.js';
import { SECTIONS, type SectionId } from '../sections.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

export interface Score {
  /** 0-100, or null when no rule had anything to score. */
  overall: number | null;
  sections: Record<SectionId, number | null>;
}

/** A rule's verdict as scoring sees it: its findings per status, suppressed ones left out by the caller. */
export interface Scorable {
  section: SectionId;
  severity: Severity;
  counts: Record<FindingStatus, number>;
}

/**
 * Per rule, the share of passing resources (a warn counts half), weighted by the rule's severity.
 * error, info and not-applicable findings are reported but not scored. Counts, not findings, so an
 * organization's score pools each rule's counts over its accounts (and merged shard reports score alike).
 */
export function ruleShare(counts: Record<FindingStatus, number>): number | null {
  const total = counts.pass + counts.warn + counts.fail;
  return total === 0 ? null : (counts.pass + counts.warn / 2) / total;
}

function weighted(results: readonly Scorable[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const r of results) {
    const share = ruleShare(r.counts);
    const w = SEVERITY_WEIGHTS[r.severity];
    if (share === null || w === 0) continue;
    sum += w * share;
    weights += w;
  }
  return weights === 0 ? null : Math.round((1000 * sum) / weights) / 10;
}

export function score(results: readonly Scorable[]): Score {
  const sections = {} as Record<SectionId, number | null>;
  for (const s of SECTIONS) sections[s.id] = weighted(results.filter((r) => r.section === s.id));
  return { overall: weighted(results), sections };
}
