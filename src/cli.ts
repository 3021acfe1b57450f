import { Command, CommanderError, Option } from 'commander';
import { UsageError, errorMessage } from './errors.js';
import { deadline, endpointUrl, timeoutSeconds } from './flag-values.js';
import { removePendingTempFiles, waitingOnPipe } from './io.js';
import { TOOL_VERSION } from './paths.js';
import type { AuditOptions, CommonOptions } from './commands/audit.js';
import type { RulesFlags } from './commands/info.js';
import type { MergeFlags } from './commands/merge.js';
import { SEVERITIES } from './rule.js';
import { isFrameworkId, unknownFramework, type FrameworkId } from './compliance/registry.js';
import { externalId, roleArn, roleDuration, roleName, sessionName } from './aws/assume-role.js';
import { parseAccountList } from './org/account-list.js';
import { parseShard } from './org/shard.js';

/** What commander hands over: the options of commands/audit.ts, with the region flags not yet merged. */
interface RegionFlags {
  region?: string;
  regions?: string;
}
type CollectFlags = Omit<CommonOptions, 'regionList'> & RegionFlags;
type AuditFlags = Omit<AuditOptions, 'regionList'> & RegionFlags;

const collectValues = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const appendValue = (v: string, prev: string[] = []) => [...prev, v];

/** --framework ID (repeatable, or comma-separated): an unknown id is one line listing the known ones. */
function frameworkValues(v: string, prev: FrameworkId[] = []): FrameworkId[] {
  const ids = collectValues(v);
  for (const id of ids) if (!isFrameworkId(id)) throw new UsageError(`--framework: ${unknownFramework(id)}`);
  return [...new Set([...prev, ...(ids as FrameworkId[])])];
}

function wholeNumber(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name}: expected a whole number from ${min} to ${max}, got "${v}"`);
    return n;
  };
}

function scoreValue(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${name}: expected a score from 0 to 100, got "${v}"`);
    return n;
  };
}

function addCollectionFlags(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'AWS profile (default: the SDK credential chain: env, SSO, profile, role)')
    .option('--region <region>', 'one region to audit (default: the profile region)')
    .option('--regions <list>', 'comma-separated regions, or "all" for every enabled region')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (local emulators): an http(s) URL', endpointUrl)
    .option('--timeout <seconds>', 'timeout of each AWS request attempt, and of getting credentials (default 30, at most 3600)', timeoutSeconds)
    .option('--deadline <duration>', 'end collection by then (e.g. 90s, 5m): what is not collected is reported as not checked', deadline)
    .option('--max-attempts <n>', 'attempts per AWS call, retries included (default: AWS_MAX_ATTEMPTS, else 8)', wholeNumber('--max-attempts', 1, 20))
    .option('--config <file>', 'configuration file (default: .aws-tips.yml if present)')
    .option('--rule <id...>', 'run only these rules (ids or globs, comma-separated or repeated)', collectValues)
    .option('--skip <id...>', 'skip these rules', collectValues)
    .option('--framework <id...>', 'only the rules mapped to this compliance framework, and a per-control view (see: aws-tips frameworks)', frameworkValues)
    .option('--stats', 'print API call statistics and phase timings on stderr')
    .option('--enable-cost-explorer', 'also collect the opt-in Cost Explorer datasets (billed per request; or enable: [cost-explorer] in the config)')
    .option('--role-arn <arn>', 'assume this IAM role first (its account is audited, or it is the one that reads the organization)', roleArn)
    .option('--external-id <id>', 'the external id the --role-arn trust policy requires', externalId)
    .option('--role-session-name <name>', 'session name of the assumed roles, as CloudTrail shows it (default aws-tips)', sessionName)
    .option('--role-duration <duration>', 'lifetime of assumed-role credentials: 15m to 12h (default 1h)', roleDuration)
    .option('--accounts <ids>', 'audit these accounts (ids, comma-separated, or @FILE with one a line), each through --role-name', accountList('--accounts'))
    .option('--org', 'audit every ACTIVE account of the organization (from the management or a delegated administrator account)')
    .option('--org-unit <ou...>', 'audit the accounts under this organizational unit, recursively (repeatable)', collectValues)
    .option('--exclude-accounts <ids>', 'leave these accounts out (ids, comma-separated, or @FILE)', accountList('--exclude-accounts'))
    .option('--role-name <name>', 'the role assumed in each member account (default OrganizationAccountAccessRole)', roleName)
    .option('--account-concurrency <n>', 'accounts audited at once (default 8)', wholeNumber('--account-concurrency', 1, 256))
    .option('--shard <I/N>', 'audit shard I of N of the accounts (stable: by a hash of the id); I may be auto (JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX)', (v: string) => parseShard(v));
}

/** --accounts / --exclude-accounts: repeatable, each a list or @FILE. */
function accountList(flag: string) {
  return (v: string, prev: string[] = []) => [...new Set([...prev, ...parseAccountList(v, undefined, { flag })])];
}

function regionList(flags: CollectFlags): string[] {
  const list = [...(flags.region ? [flags.region] : []), ...(flags.regions ? collectValues(flags.regions) : [])];
  return [...new Set(list)];
}

export function buildProgram(): Command {
  const program = new Command('aws-tips')
    .description('Audit an AWS account against the Great AWS Tips, resource by resource.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `aws-tips: ${s}` : s) });

  addCollectionFlags(
    program
      .command('audit')
      .description('collect (or load) a snapshot, evaluate every rule, print a scored report')
      .option('--snapshot <file>', 'audit a saved snapshot offline (no AWS calls)')
      .option('--demo', 'audit the bundled demo snapshot (no AWS account needed)')
      .option('--format <format>', 'terminal | json | sarif | junit | markdown | csv | html | ocsf | asff [=FILE]; repeat for several outputs (default: terminal on a terminal, else json)', appendValue)
      .option('--output <file>', 'write the standard-output format to this file instead')
      .addOption(new Option('--fail-on <severity>', 'fail (exit 1) on violations at or above this severity').choices(SEVERITIES))
      .option('--min-score <n>', 'also fail (exit 1) when the score is below n (0-100)', scoreValue('--min-score'))
      .option('--allow-incomplete', 'exit 0 instead of 3 when some rules could not be evaluated')
      .option('--baseline <report.json>', 'an earlier JSON report: only findings absent from it fail the build')
      .option('--include-passed', 'sarif, ocsf, asff: also list passed (and advisory) findings')
      .option('--quiet', 'terminal: only what gates, and the summary')
      .option('--verbose', 'terminal: also passing resources, and manual rules\' advice in their sections')
      .addOption(
        new Option('--color <when>', 'colour the terminal report: auto (on a terminal, unless NO_COLOR; FORCE_COLOR=1 forces it), always, never')
          .choices(['auto', 'always', 'never'])
          .default('auto'),
      ),
  ).action(async (flags: AuditFlags) => {
    const { runAudit } = await import('./commands/audit.js');
    process.exitCode = await runAudit({ ...flags, regionList: regionList(flags) });
  });

  addCollectionFlags(
    program
      .command('collect')
      .description('collect a snapshot of the account and write it to a file (nothing else)')
      .requiredOption('--output <file>', 'snapshot file to write')
      .option('--allow-incomplete', 'exit 0 instead of 3 when something could not be collected'),
  ).action(async (flags: CollectFlags & { output: string; allowIncomplete?: boolean }) => {
    const { runCollect } = await import('./commands/audit.js');
    process.exitCode = await runCollect({ ...flags, regionList: regionList(flags) });
  });

  program
    .command('merge')
    .description('merge JSON reports of shards (audit --shard I/N) into one organization report, with the verdict and exit code of one run')
    .argument('<report...>', 'JSON reports (--format json=FILE) of the shards')
    .option('--format <format>', 'terminal | json | sarif | junit | markdown | csv | html | ocsf | asff [=FILE]; repeat for several outputs (default: terminal on a terminal, else json)', appendValue)
    .option('--output <file>', 'write the standard-output format to this file instead')
    .option('--allow-incomplete', 'exit 0 instead of 3 when some rules could not be evaluated')
    .option('--include-passed', 'sarif: also list passed (and advisory) findings')
    .option('--quiet', 'terminal: only what gates, and the summary')
    .option('--verbose', 'terminal: also passing resources')
    .addOption(new Option('--color <when>', 'colour the terminal report').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (files: string[], flags: MergeFlags) => {
      const { runMerge } = await import('./commands/merge.js');
      process.exitCode = await runMerge(files, flags);
    });

  program
    .command('rules')
    .description('list the rules, one line each: id, section, severity, kind, title')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--rule <glob...>', 'only rules whose id matches (ids or globs, comma-separated or repeated)', collectValues)
    .option('--section <id>', 'only this section (application, security, ec2-vpc, ...)')
    .addOption(new Option('--severity <severity>', 'only rules of this severity').choices(SEVERITIES))
    .addOption(new Option('--kind <kind>', 'only rules of this kind').choices(['automatic', 'heuristic', 'manual']))
    .option('--framework <id...>', 'only rules mapped to this compliance framework', frameworkValues)
    .option('--long', 'a block per rule: tip, checks, needs, options')
    .option('--config <file>', 'configuration file whose plugins add rules (default: .aws-tips.yml if present)')
    .action(async (flags: RulesFlags) => {
      const { listRules } = await import('./commands/info.js');
      process.stdout.write(await listRules(flags.format, flags));
    });

  program
    .command('explain')
    .description('explain a rule: the tip, why, what is checked, how to fix, what changed since 2014')
    .argument('<rule>', 'rule id')
    .option('--config <file>', 'configuration file whose plugins add rules (default: .aws-tips.yml if present)')
    .action(async (id: string, flags: { config?: string }) => {
      const { explainRule } = await import('./commands/info.js');
      process.stdout.write(await explainRule(id, flags.config));
    });

  program
    .command('frameworks')
    .description('list the compliance frameworks and how many of their controls aws-tips checks; with an id, its controls')
    .argument('[framework]', 'framework id: list its controls and the rules that check each')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--config <file>', 'configuration file whose plugins add rules (default: .aws-tips.yml if present)')
    .action(async (id: string | undefined, flags: { format: string; config?: string }) => {
      const { listFrameworks } = await import('./commands/info.js');
      process.stdout.write(await listFrameworks(id, flags.format, flags.config));
    });

  program
    .command('policy')
    .description('print the least-privilege IAM policy the selected rules need')
    .option('--rule <id...>', 'only these rules', collectValues)
    .option('--skip <id...>', 'skip these rules', collectValues)
    .option('--framework <id...>', 'only the rules mapped to this compliance framework', frameworkValues)
    .option('--config <file>', 'configuration file')
    .option('--enable-cost-explorer', 'include the opt-in Cost Explorer calls')
    .option('--org', 'an organization audit: the caller\'s policy (list the accounts, assume the member role) next to the member policy')
    .option('--role-name <name>', 'with --org: the member role (default OrganizationAccountAccessRole)', roleName)
    .action(async (flags: { rule?: string[]; skip?: string[]; framework?: FrameworkId[]; config?: string; enableCostExplorer?: boolean; org?: boolean; roleName?: string }) => {
      const { printPolicy } = await import('./commands/info.js');
      process.stdout.write(await printPolicy(flags));
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  // Ctrl-C, a cancelled CI job (SIGTERM) or a closed terminal (SIGHUP): no half-written file is left,
  // exit 128 + signal number.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)
    process.on(signal, () => {
      removePendingTempFiles();
      process.stderr.write('aws-tips: interrupted\n');
      // process.exit would wait for a thread blocked on a pipe (a FIFO nobody opened the other end of) forever: the
      // signal's default action ends the process instead, which a shell reports as the same 128 + n.
      if (waitingOnPipe()) {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
        return;
      }
      process.exit(code);
    });
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error (commander printed it).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`aws-tips: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`aws-tips: internal error: ${errorMessage(err).split('\n')[0]}\n`);
    if (process.env.AWS_TIPS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 2;
  }
}
