import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { loadConfig } from '../config/load.js';
import { parseBaseline, type BaselineReport } from '../engine/baseline.js';
import type { SelectedRule } from '../engine/evaluate.js';
import type { Config } from '../config/schema.js';
import { selectRules } from '../engine/select.js';
import { UsageError, errorMessage } from '../errors.js';
import { readJsonArgument } from '../json-file.js';
import { writeErrorReason } from '../io.js';
import { DEMO_SNAPSHOT, TOOL_VERSION } from '../paths.js';
import { parseFormats } from '../report/formats.js';
import { VerdictStage, type VerdictInput } from '../engine/verdict.js';
import { ReportMerger } from '../engine/merge.js';
import type { Report } from '../engine/report.js';
import { describeAwsError } from '../collect/errors.js';
import {
  accountCredentials, callerCredentials, checkAccountFlags, DEFAULT_ACCOUNT_CONCURRENCY, isMultiAccount, planAccounts, unreachableSnapshot,
  type AccountFlags, type AccountPlan,
} from './org.js';
import { collectionDatasets, tagDatasets } from '../engine/identity.js';
import type { Severity } from '../rule.js';
import { enabledDatasets, enabledOptIns } from '../snapshot/opt-in.js';
import { dropUnneeded, readSnapshot, writeSnapshot } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/schema.js';
import { loadRules } from '../plugins.js';
import { ruleDatasets } from '../rule.js';
import { checkOutputs, checkSnapshotOutput, writeReports } from './outputs.js';
import { Stopwatch, printStats } from './stats.js';
import type { CallStats } from '../aws/clients.js';
import { useColor, type ColorWhen } from './color.js';
import { collectSummary } from './collect-summary.js';
import type { FrameworkId } from '../compliance/registry.js';

/** --framework, else the config's `frameworks:`. */
export function chosenFrameworks(opts: { framework?: FrameworkId[] }, config: Config): FrameworkId[] {
  return opts.framework?.length ? opts.framework : (config.frameworks ?? []);
}

export interface CommonOptions extends AccountFlags {
  profile?: string;
  regionList: string[];
  endpointUrl?: string;
  timeout?: number;
  /** Attempts per AWS call, first try included (else AWS_MAX_ATTEMPTS, else 8). */
  maxAttempts?: number;
  /** --deadline, in milliseconds. */
  deadline?: number;
  config?: string;
  rule?: string[];
  skip?: string[];
  /** --framework: the rules mapped to these frameworks, and a per-control view of each. */
  framework?: FrameworkId[];
  stats?: boolean;
  /** --enable-cost-explorer: collect the opt-in Cost Explorer datasets (billed per request). */
  enableCostExplorer?: boolean;
}

export interface AuditOptions extends CommonOptions {
  snapshot?: string;
  demo?: boolean;
  format?: string[];
  output?: string;
  failOn?: Severity;
  minScore?: number;
  allowIncomplete?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  color?: ColorWhen;
  baseline?: string;
  includePassed?: boolean;
}

/** Reads a --baseline report (one larger than a string can be included): any problem is a usage error of one line. */
export async function readBaseline(file: string): Promise<BaselineReport> {
  const data = await readJsonArgument(file, 'baseline', 'give a report written by --format json=FILE');
  try {
    return parseBaseline(data);
  } catch (err) {
    throw new UsageError(`invalid baseline ${file}: ${errorMessage(err)}`);
  }
}

function progress(): ((done: number, total: number, label: string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total, label) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const line = `collecting ${done}/${total} ${label}`.slice(0, (process.stderr.columns ?? 80) - 1);
    process.stderr.write(`\r\x1b[2K${line}${done === total ? '\r\x1b[2K' : ''}`);
  };
}

/** The datasets the selected rules read (and suppressions by tag), less the opt-ins that are off. */
function neededDatasets(selected: SelectedRule[], config: Config, opts: CommonOptions): string[] {
  return enabledDatasets(collectionDatasets(selected.flatMap((s) => ruleDatasets(s.rule)), config.suppressions), enabledOptIns(opts, config));
}

/** Collects what the selected rules read, in the regions of the flags, else of the config. */
async function live(
  selected: SelectedRule[],
  config: Config,
  opts: CommonOptions,
  credentials?: unknown,
  onProgress = progress(),
): Promise<{ snapshot: Snapshot; stats: CallStats }> {
  const { liveSnapshot } = await import('../collect/live.js');
  const optIns = enabledOptIns(opts, config);
  return liveSnapshot(neededDatasets(selected, config, opts), {
    optIns,
    credentials,
    profile: opts.profile,
    regions: opts.regionList.length ? opts.regionList : (config.regions ?? []),
    endpointUrl: opts.endpointUrl,
    timeoutSeconds: opts.timeout,
    maxAttempts: opts.maxAttempts,
    deadlineMs: opts.deadline,
    toolVersion: TOOL_VERSION,
    onProgress,
  });
}

/** The region the caller's STS and Organizations calls go to: a listed one, else the profile's, else us-east-1. */
async function callerRegion(opts: CommonOptions, config: Config): Promise<string> {
  const listed = [...opts.regionList, ...(config.regions ?? [])].find((r) => r !== 'all');
  if (listed) return listed;
  const { defaultRegion } = await import('../collect/live.js');
  return (await defaultRegion(opts.profile)) ?? 'us-east-1';
}

/** The caller's credentials with --role-arn, else undefined (the client factory's own default chain). */
async function roleCredentials(opts: CommonOptions, config: Config): Promise<unknown> {
  if (!opts.roleArn) return undefined;
  return callerCredentials(opts, { profile: opts.profile, endpointUrl: opts.endpointUrl, timeoutSeconds: opts.timeout, region: await callerRegion(opts, config) });
}

/** The accounts of --accounts/--org/--org-unit (less the excluded, in this shard), and the caller's credentials. */
async function accountPlan(opts: CommonOptions, config: Config): Promise<{ plan: AccountPlan; caller: unknown; region: string }> {
  const region = await callerRegion(opts, config);
  const caller = await callerCredentials(opts, { profile: opts.profile, endpointUrl: opts.endpointUrl, timeoutSeconds: opts.timeout, region });
  const plan = await planAccounts(opts, caller, { profile: opts.profile, endpointUrl: opts.endpointUrl, timeoutSeconds: opts.timeout, maxAttempts: opts.maxAttempts, region });
  for (const w of plan.warnings) process.stderr.write(`aws-tips: ${w}
`);
  if (plan.accounts.length === 0) throw new UsageError('no account to audit (after --exclude-accounts and --shard)');
  return { plan, caller, region };
}

/**
 * Each account of the plan, at most --account-concurrency at once (each with its own per-region limits, so a
 * throttled account stalls no other): collected with the caller's credentials or its member role, then `done`
 * with its snapshot, which is dropped after. An account that cannot be reached is handed over as a snapshot
 * whose every dataset failed with the reason, so its rules say "not checked" and the others go on.
 */
async function eachAccount<T>(
  selected: SelectedRule[],
  config: Config,
  opts: CommonOptions,
  done: (snapshot: Snapshot, account: { id: string; name: string | null; error?: string }) => Promise<T>,
): Promise<T[]> {
  const { plan, caller, region } = await accountPlan(opts, config);
  const limit = pLimit(opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
  const show = process.stderr.isTTY;
  let finished = 0;
  return Promise.all(
    plan.accounts.map((a) =>
      limit(async () => {
        const credentials = accountCredentials(plan, a.id, caller, opts, { endpointUrl: opts.endpointUrl, timeoutSeconds: opts.timeout, region });
        let result: T;
        try {
          const { snapshot } = await live(selected, config, opts, credentials, undefined);
          // Credentials that act in another account (a misconfigured role) must not pass that account off as this one.
          if (snapshot.meta.accountId !== a.id) throw Object.assign(new Error(`the credentials for ${a.id} act in account ${snapshot.meta.accountId}`), { name: 'WrongAccount' });
          result = await done(snapshot, a);
        } catch (err) {
          const { code, message } = err instanceof UsageError ? { code: 'AccountUnreachable', message: err.message } : describeAwsError(err);
          const line = message.split('\n')[0]!.slice(0, 500);
          process.stderr.write(`aws-tips: account ${a.id}${a.name ? ` (${a.name})` : ''} not audited: ${line}\n`);
          const regions = opts.regionList.filter((r) => r !== 'all');
          const snapshot = unreachableSnapshot(a.id, plan.caller.partition, regions, neededDatasets(selected, config, opts), { code, message: line }, TOOL_VERSION, new Date());
          result = await done(snapshot, { ...a, error: line });
        } finally {
          // The member role's provider closes its STS client; the caller's own (which every member role is assumed with) stays.
          if (credentials !== caller) (credentials as { destroy?: () => void }).destroy?.();
        }
        finished += 1;
        if (show) process.stderr.write(`\r\x1b[2Kaccounts ${finished}/${plan.accounts.length}${finished === plan.accounts.length ? '\r\x1b[2K' : ''}`);
        return result;
      }),
    ),
  );
}

export async function runAudit(opts: AuditOptions): Promise<number> {
  const watch = new Stopwatch();
  if (opts.demo && opts.snapshot) throw new UsageError('--demo and --snapshot cannot be used together');
  const offline = opts.demo || opts.snapshot;
  if (offline && (opts.profile || opts.endpointUrl || opts.regionList.length))
    throw new UsageError(`--profile, --region(s) and --endpoint-url do not apply to ${opts.demo ? '--demo' : '--snapshot'}`);
  if (offline && (opts.roleArn || isMultiAccount(opts)))
    throw new UsageError(`--role-arn, --accounts, --org and --org-unit do not apply to ${opts.demo ? '--demo' : '--snapshot'}`);
  checkAccountFlags(opts);
  const { config, file: configFile } = await loadConfig(opts.config);
  const frameworks = chosenFrameworks(opts, config);
  const rules = await loadRules(config, configFile);
  let selected = selectRules(rules, config, { rule: opts.rule, skip: opts.skip, frameworks }, configFile);
  if (selected.length === 0) throw new UsageError('no rule selected');
  if (opts.quiet && opts.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  const failOn = opts.failOn ?? config.failOn ?? 'low';
  const baseline = opts.baseline ? { file: opts.baseline, report: await readBaseline(opts.baseline) } : undefined;
  let targets;
  try {
    targets = parseFormats(opts.format ?? [], opts.output, process.stdout.isTTY ? 'terminal' : 'json');
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  checkOutputs(targets, { snapshot: opts.snapshot });

  // Each rule's findings go to the verdict stage as the rule emits them: one copy of each, decided once.
  const verdict = (snapshot: Snapshot, rulesToRun: SelectedRule[], account?: { name: string | null; error?: string }): Promise<Report> =>
    evaluateYielding(snapshot, rulesToRun, {
      snapshot,
      toolVersion: TOOL_VERSION,
      source: { kind: opts.demo ? 'demo' : opts.snapshot ? 'snapshot' : 'live', file: opts.snapshot },
      failOn,
      minScore: opts.minScore ?? config.minScore,
      suppressions: config.suppressions,
      baseline,
      allowIncomplete: !!opts.allowIncomplete,
      frameworks,
      knownRules: rules,
      accountName: account?.name ?? undefined,
      accountError: account?.error,
    } satisfies VerdictInput,
    // Each snapshot here is read for this one verdict, then dropped.
    { release: true });

  // Snapshots are dropped once their account's verdict is built: a large account's takes over a gigabyte.
  // With several accounts only their reports (the findings) stay, and one verdict is made of them.
  let report: Report;
  let stats: CallStats | undefined;
  if (opts.demo) report = await verdict(readSnapshot(DEMO_SNAPSHOT, selectedDatasets(selected)), selected);
  else if (opts.snapshot && isDirectory(opts.snapshot)) {
    const merger = new ReportMerger({ frameworks, knownRules: rules, allowIncomplete: !!opts.allowIncomplete });
    const accounts = new Set<string>();
    for (const file of snapshotFiles(opts.snapshot)) {
      const snapshot = readSnapshot(file, selectedDatasets(selected));
      // Two snapshots of one account (collected twice, copied) would be counted twice: the user's files, not a bug.
      const id = snapshot.meta.accountId;
      if (accounts.has(id)) throw new UsageError(`cannot audit ${file}: account ${id} is also in an earlier snapshot of the directory`);
      accounts.add(id);
      merger.add(await verdict(snapshot, servedRules(selected, snapshot, file)));
    }
    report = merger.report();
  } else if (opts.snapshot) {
    // Only the datasets the selected rules read are validated and kept (src/snapshot/io.ts).
    const snapshot = readSnapshot(opts.snapshot, selectedDatasets(selected));
    watch.lap('read');
    selected = servedRules(selected, snapshot, opts.snapshot);
    report = await verdict(snapshot, selected);
  } else if (isMultiAccount(opts)) {
    // Each account's report is folded in as it completes: only its findings and account entry stay.
    const merger = new ReportMerger({ frameworks, knownRules: rules, allowIncomplete: !!opts.allowIncomplete });
    await eachAccount(selected, config, opts, async (snapshot, account) => merger.add(await verdict(snapshot, selected, account)));
    report = merger.report();
  } else {
    const collected = await live(selected, config, opts, await roleCredentials(opts, config));
    stats = collected.stats;
    watch.lap('collect');
    report = await verdict(collected.snapshot, selected);
  }
  watch.lap('evaluate');
  const renderOpts = {
    color: useColor(opts.color, !!process.stdout.isTTY, process.env),
    // A terminal's own width; piped (to less or tee), 80 columns.
    width: process.stdout.isTTY ? process.stdout.columns : 80,
    verbose: opts.verbose,
    quiet: opts.quiet,
    includePassed: opts.includePassed,
  };
  // Known before the output is written, so a reader that stops early (`| head`) still gets the verdict.
  const code = report.summary.exitCode;
  process.exitCode = code;
  // Each format on its own: one that fails is a line on stderr, the others are still written.
  const failures = await writeReports(report, targets, renderOpts);
  for (const f of failures) process.stderr.write(`aws-tips: ${f}\n`);
  watch.lap('report');
  if (opts.stats) printStats(stats, watch);
  if (report.summary.belowMinScore)
    process.stderr.write(`aws-tips: score ${report.score.overall} is below --min-score ${report.minScore}\n`);
  for (const s of report.suppressions.filter((x) => x.status === 'expired' && x.matched > 0))
    process.stderr.write(`aws-tips: suppression of ${s.rule} on ${s.resource} expired on ${s.expires}: ${s.matched} finding(s) no longer suppressed\n`);
  return failures.length ? 2 : code;
}

/**
 * What an audit reads of a snapshot: the selected rules' datasets, and the tag datasets the engine joins to
 * their items (a finding's resource carries its tags wherever the snapshot holds them).
 */
export function selectedDatasets(selected: readonly SelectedRule[]): Set<string> {
  const keys = new Set<string>();
  for (const s of selected)
    for (const k of ruleDatasets(s.rule)) {
      keys.add(k);
      for (const t of tagDatasets(k)) keys.add(t);
    }
  return keys;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The snapshots of a `collect --accounts/--org` directory: its *.json files, by name. */
export function snapshotFiles(dir: string): string[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(dir, e.name))
    .sort();
  if (files.length === 0) throw new UsageError(`--snapshot ${dir}: the directory holds no snapshot (*.json)`);
  return files;
}

/**
 * A snapshot that records the rules it was collected for serves only those: the other selected rules are
 * named in one line on stderr and left out of the report, instead of a "not checked" entry per missing dataset.
 */
export function servedRules(selected: SelectedRule[], snapshot: Snapshot, file: string): SelectedRule[] {
  if (!snapshot.meta.rules) return selected;
  const served = new Set(snapshot.meta.rules);
  const kept = selected.filter((s) => served.has(s.rule.id));
  const left = selected.filter((s) => !served.has(s.rule.id)).map((s) => s.rule.id);
  if (kept.length === 0) throw new UsageError(`${file} was collected for other rules (${snapshot.meta.rules.join(', ')}): it serves none of the selected ones`);
  if (left.length)
    process.stderr.write(`aws-tips: ${file} was collected for ${served.size} rule(s); not audited, as it cannot serve them: ${left.join(', ')}\n`);
  return kept;
}

/**
 * Evaluates rule by rule into the verdict stage (each finding decided as it is emitted), giving the event
 * loop a turn every few milliseconds: evaluation is synchronous, and a signal handler (Ctrl-C) only runs
 * between turns, so without this a large account's evaluation would finish before an interruption could act.
 */
export async function evaluateYielding(snapshot: Snapshot, selected: SelectedRule[], input: VerdictInput, opts: { release?: boolean } = {}): Promise<Report> {
  const stage = new VerdictStage(input);
  let turn = Date.now();
  for (const [i, s] of selected.entries()) {
    stage.evaluate(snapshot, s, selected);
    // An audit that owns its snapshot drops each dataset once no rule still to run reads it (nor the engine's tag
    // join for them): the heap holds the findings made so far and only what is still to be read.
    if (opts.release) dropUnneeded(snapshot, selectedDatasets(selected.slice(i + 1)));
    if (Date.now() - turn >= 10) {
      await new Promise<void>((r) => setImmediate(r));
      turn = Date.now();
    }
  }
  return stage.report();
}

export async function runCollect(opts: CommonOptions & { output: string; allowIncomplete?: boolean }): Promise<number> {
  const watch = new Stopwatch();
  const { config, file: configFile } = await loadConfig(opts.config);
  const selected = selectRules(await loadRules(config, configFile), config, { rule: opts.rule, skip: opts.skip, frameworks: chosenFrameworks(opts, config) }, configFile);
  checkAccountFlags(opts);
  if (isMultiAccount(opts)) return collectAccounts(selected, config, opts);
  checkSnapshotOutput(opts.output);
  const { snapshot, stats } = await live(selected, config, opts, await roleCredentials(opts, config));
  // The snapshot records the rules it was collected for (audit --snapshot names the others once).
  snapshot.meta.rules = selected.map((s) => s.rule.id);
  watch.lap('collect');
  try {
    await writeSnapshot(opts.output, snapshot);
  } catch (err) {
    throw new UsageError(`cannot write snapshot ${opts.output}: ${writeErrorReason(err, opts.output)}`);
  }
  watch.lap('write');
  if (opts.stats) printStats(stats, watch);
  // collect talks: what it wrote, and what it could not collect (exit 3, like audit, unless --allow-incomplete).
  const { lines, missing } = collectSummary(snapshot, opts.output, fileSize(opts.output), selected.length);
  for (const l of lines) process.stderr.write(`aws-tips: ${l}\n`);
  return missing && !opts.allowIncomplete ? 3 : 0;
}

/**
 * `collect --accounts/--org`: one snapshot per account, DIR/<account-id>.json (0600), written as each account
 * completes; `audit --snapshot DIR` audits them together. An account that cannot be reached gets no file, one
 * line on stderr, and makes the run incomplete (exit 3 unless --allow-incomplete).
 */
async function collectAccounts(selected: SelectedRule[], config: Config, opts: CommonOptions & { output: string; allowIncomplete?: boolean }): Promise<number> {
  try {
    mkdirSync(opts.output, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UsageError(`cannot create the snapshot directory ${opts.output}: ${writeErrorReason(err, opts.output)}`);
  }
  if (!isDirectory(opts.output)) throw new UsageError(`--output ${opts.output}: with several accounts, --output names a directory (one snapshot per account)`);
  const outcomes = await eachAccount(selected, config, opts, async (snapshot, account) => {
    if (account.error) return 1;
    snapshot.meta.rules = selected.map((s) => s.rule.id);
    const file = join(opts.output, `${snapshot.meta.accountId}.json`);
    try {
      await writeSnapshot(file, snapshot);
    } catch (err) {
      throw new UsageError(`cannot write snapshot ${file}: ${writeErrorReason(err, file)}`);
    }
    const { lines, missing } = collectSummary(snapshot, file, fileSize(file), selected.length);
    for (const l of lines) process.stderr.write(`aws-tips: ${l}\n`);
    return missing;
  });
  return outcomes.some((m) => m > 0) && !opts.allowIncomplete ? 3 : 0;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
