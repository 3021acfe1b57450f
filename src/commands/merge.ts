import { z } from 'zod';
import { RULES } from '../../rules/index.js';
import { mergeReports, MergeError } from '../engine/merge.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../engine/report.js';
import { UsageError, errorMessage, zodLine } from '../errors.js';
import { readJsonArgument } from '../json-file.js';
import { parseFormats } from '../report/formats.js';
import { useColor, type ColorWhen } from './color.js';
import { checkOutputs, writeReports } from './outputs.js';

export interface MergeFlags {
  format?: string[];
  output?: string;
  allowIncomplete?: boolean;
  includePassed?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: ColorWhen;
}

/**
 * What merging reads of a shard's report, checked: a file that is not an aws-tips report of this schema is one
 * line, before anything is merged. The rest of the report (written by aws-tips, version-checked by mergeReports)
 * is taken as it stands; renderers escape what they show.
 */
const shardReport = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.looseObject({ name: z.literal('aws-tips'), version: z.string() }),
  generatedAt: z.string(),
  accounts: z.array(z.looseObject({ id: z.string(), findings: z.record(z.string(), z.number()), violations: z.number(), incomplete: z.boolean() })).min(1),
  rules: z.array(z.looseObject({ id: z.string(), counts: z.record(z.string(), z.number()), suppressed: z.number(), compliance: z.array(z.unknown()) })),
  findings: z.array(z.looseObject({ key: z.string(), account: z.string() })),
  notChecked: z.array(z.looseObject({ account: z.string() })),
  suppressions: z.array(z.looseObject({ matched: z.number() })),
  frameworks: z.array(z.looseObject({ id: z.string() })),
});

async function readReport(file: string): Promise<Report> {
  const data = await readJsonArgument(file, 'report', 'give reports written by audit --format json=FILE');
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== REPORT_SCHEMA_VERSION)
    throw new UsageError(`invalid report ${file}: schemaVersion ${version}; merge reads reports of schema ${REPORT_SCHEMA_VERSION} (run every shard with this aws-tips)`);
  const parsed = shardReport.safeParse(data);
  if (!parsed.success) throw new UsageError(`invalid report ${file}: ${zodLine(parsed.error)}`);
  return parsed.data as unknown as Report;
}

/** `aws-tips merge REPORT...`: the shard reports as one organization report, with the exit code of one run. */
export async function runMerge(files: string[], flags: MergeFlags): Promise<number> {
  let targets;
  try {
    targets = parseFormats(flags.format ?? [], flags.output, process.stdout.isTTY ? 'terminal' : 'json');
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  checkOutputs(targets, { reports: files });
  const parts: Report[] = [];
  for (const file of files) parts.push(await readReport(file));
  let report: Report;
  try {
    // Rules of the merged reports count as known too (a plugin's): their controls are "not run", never "no rule".
    report = mergeReports(parts, { allowIncomplete: !!flags.allowIncomplete, knownRules: [...RULES, ...parts.flatMap((p) => p.rules as never[])] });
  } catch (err) {
    if (err instanceof MergeError) throw new UsageError(`cannot merge: ${err.message}`);
    throw err;
  }
  const code = report.summary.exitCode;
  process.exitCode = code;
  const failures = await writeReports(report, targets, {
    color: useColor(flags.color, !!process.stdout.isTTY, process.env),
    width: process.stdout.isTTY ? process.stdout.columns : 80,
    verbose: flags.verbose,
    quiet: flags.quiet,
    includePassed: flags.includePassed,
  });
  for (const f of failures) process.stderr.write(`aws-tips: ${f}\n`);
  return failures.length ? 2 : code;
}
