import { RULES } from '../../rules/index.js';
import { emptyConfig } from '../../src/config/load.js';
import { unreachableSnapshot } from '../../src/commands/org.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import { selectRules } from '../../src/engine/select.js';
import { buildReport } from '../../src/engine/verdict.js';
import { ruleDatasets } from '../../src/rule.js';
import { NOW, demoReport, demoSnapshot } from './demo-report.js';

/** The demo account under another id, its security groups gone when `clean` (a better verdict there). */
export function accountReport(id: string, opts: { clean?: boolean; name?: string } = {}): Report {
  const snapshot = demoSnapshot();
  snapshot.meta.accountId = id;
  if (opts.clean) (snapshot.ec2 as { securityGroups: unknown[] }).securityGroups = [];
  const r = demoReport({ snapshot });
  if (opts.name) r.accounts[0]!.name = opts.name;
  return r;
}

/** An account whose role could not be assumed: every dataset failed, as `audit --org` reports it. */
export function unreachableReport(id: string, error = 'AccessDenied: not authorized to perform sts:AssumeRole'): Report {
  const selected = selectRules(RULES, emptyConfig(), {});
  const datasets = [...new Set(selected.flatMap((s) => ruleDatasets(s.rule)))];
  const snapshot = unreachableSnapshot(id, 'aws', demoSnapshot().meta.regions, datasets, { code: 'AccessDenied', message: error }, '0.0.0-test', NOW);
  return buildReport({
    snapshot, results: evaluate(snapshot, selected), toolVersion: '0.0.0-test', source: { kind: 'demo' }, failOn: 'low', now: NOW,
    accountError: error, knownRules: RULES,
  });
}

export const WORST = '111111111111';
export const CLEAN = '222222222222';
export const UNREACHABLE = '333333333333';

/**
 * An organization of three: the demo account (named "prod"), the demo account without its security groups (fewer
 * violations), and an account that could not be reached. By id the clean one comes before the unreachable one.
 */
export function orgReport(): Report {
  return mergeReports([accountReport(WORST, { name: 'prod' }), accountReport(CLEAN, { clean: true, name: 'sandbox' }), unreachableReport(UNREACHABLE)]);
}
