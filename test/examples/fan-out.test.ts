/**
 * The fan-out examples (examples/fan-out/) are parsed as their systems would parse them (YAML, JSON), every
 * `aws-tips ...` command in them is extracted, and each flag it uses must be one that command's --help lists
 * (the built CLI, bin/aws-tips.js); the shard count N must be the same in the command lines and in the
 * matrix, completions or array size. An example that names a flag the CLI does not have fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { run } from '../cli/run.js';

const DIR = new URL('../../examples/fan-out/', import.meta.url).pathname;
const read = (f: string) => readFileSync(DIR + f, 'utf8');

interface Command {
  sub: string;
  flags: string[];
  line: string;
}

/** Every `aws-tips <sub> ...` in a piece of shell: continued lines joined, up to the end of the line or a shell operator. */
export function commandsIn(script: string): Command[] {
  const joined = script.replace(/\\\r?\n/g, ' ');
  const out: Command[] = [];
  for (const m of joined.matchAll(/(?:^|[\s;&|(])(?:npx (?:--yes )?)?aws-tips\s+([a-z]+)([^\n;|&]*)/g)) {
    const [, sub, rest] = m as unknown as [string, string, string];
    // Redirections end the flags (`2> file`); `--flag=value` counts as `--flag`.
    const args = rest.split(/\s[0-9]?>/)[0]!;
    const flags = [...args.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((f) => f[1]!);
    out.push({ sub, flags, line: `aws-tips ${sub}${args}`.trim() });
  }
  return out;
}

const helpCache = new Map<string, Set<string>>();
/** The flags `aws-tips <sub> --help` lists (and --help itself). */
function flagsOf(sub: string): Set<string> {
  let flags = helpCache.get(sub);
  if (!flags) {
    const r = run([sub, '--help']);
    if (r.code !== 0) throw new Error(`aws-tips ${sub} --help exited ${r.code}: ${r.stderr}`);
    flags = new Set([...r.stdout.matchAll(/(--[a-z][a-z0-9-]*)/g)].map((m) => m[1]!));
    helpCache.set(sub, flags);
  }
  return flags;
}

/** What a command uses that the CLI does not have: an unknown subcommand or flag, one line each. */
function unknownFlags(c: Command): string[] {
  const flags = flagsOf(c.sub);
  return c.flags.filter((f) => !flags.has(f)).map((f) => `${c.line}: ${f}`);
}

/** The N of every `--shard I/N` in the commands (I may be a GitHub expression, `${{ matrix.shard }}`). */
function shardCounts(commands: Command[]): number[] {
  return commands.flatMap((c) => [...c.line.matchAll(/--shard[ =](?:\$\{\{[^}]*\}\}|[^\s/]*)\/([0-9]+)/g)].map((m) => Number(m[1])));
}

/** Every string value of a parsed document, depth first. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** The `ls ... | wc -l) -eq N` file-count checks in front of a merge. */
const countChecks = (text: string) => [...text.matchAll(/wc -l\)"? -eq ([0-9]+)/g)].map((m) => Number(m[1]));

describe('examples/fan-out', () => {
  it('the checker itself: finds commands across continued lines and refuses a flag the CLI does not have', () => {
    const cmds = commandsIn('set -e\nnpx aws-tips audit --org \\\n  --shard 1/4 --no-such-flag --format json=x.json 2> err.log; aws-tips merge a.json --format sarif=b');
    expect(cmds.map((c) => c.sub)).toEqual(['audit', 'merge']);
    expect(cmds[0]!.flags).toEqual(['--org', '--shard', '--no-such-flag', '--format']);
    expect(unknownFlags(cmds[0]!)).toEqual([expect.stringMatching(/--no-such-flag$/)]);
    expect(unknownFlags(cmds[1]!)).toEqual([]);
    // merge has no --org: a flag of another command is refused too.
    expect(unknownFlags(commandsIn('aws-tips merge --org a.json')[0]!)).toHaveLength(1);
    expect(shardCounts(cmds)).toEqual([4]);
  });

  it('github-actions.yml: a matrix of N shards, each audits I/N and uploads its report; the merge job needs them all and gates', () => {
    const wf = parse(read('github-actions.yml')) as {
      jobs: Record<string, { needs?: string | string[]; strategy?: { matrix: { shard: number[] }; 'fail-fast'?: boolean }; steps: { run?: string; uses?: string; with?: Record<string, unknown>; 'continue-on-error'?: unknown }[] }>;
    };
    const { shard, merge } = wf.jobs as Record<string, (typeof wf.jobs)[string]>;
    const n = shard!.strategy!.matrix.shard.length;
    expect(shard!.strategy!.matrix.shard).toEqual([...Array(n).keys()]);
    expect(shard!.strategy!['fail-fast']).toBe(false);
    const shardCmds = shard!.steps.flatMap((s) => commandsIn(s.run ?? ''));
    const audit = shardCmds.filter((c) => c.sub === 'audit');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.line).toContain('--shard ${{ matrix.shard }}/' + n);
    expect(audit[0]!.line).toContain('--format json=shard-${{ matrix.shard }}.json');
    expect(audit[0]!.flags).toContain('--allow-incomplete');
    expect(shard!.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))).toBe(true);
    expect(shard!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    // No step hides a failure: violations are exit 1 handled in the script, anything else fails the shard.
    expect([...shard!.steps, ...merge!.steps].every((s) => s['continue-on-error'] === undefined)).toBe(true);

    expect([merge!.needs].flat()).toEqual(['shard']);
    const mergeCmds = merge!.steps.flatMap((s) => commandsIn(s.run ?? ''));
    expect(mergeCmds.map((c) => c.sub)).toEqual(['merge']);
    expect(mergeCmds[0]!.line).toMatch(/^aws-tips merge shard-\*\.json /);
    expect(mergeCmds[0]!.line).toContain('--format sarif=aws-tips.sarif');
    expect(merge!.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.with?.sarif_file).toBe('aws-tips.sarif');
    expect(countChecks(merge!.steps.map((s) => s.run ?? '').join('\n'))).toEqual([n]);

    const all = [...shardCmds, ...mergeCmds];
    expect(all.flatMap(unknownFlags)).toEqual([]);
    expect(shardCounts(all)).toEqual([n]);
  });

  it('kubernetes-indexed-job.yaml: an Indexed Job of N completions, --shard auto/N, reports on the shared volume, merged after', () => {
    const docs = parseAllDocuments(read('kubernetes-indexed-job.yaml')).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> };
    });
    const job = docs.find((d) => d.kind === 'Job')!;
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions as number;
    expect(job.spec.parallelism).toBe(n);
    const all = commandsIn(strings(docs).join('\n'));
    const audit = all.filter((c) => c.sub === 'audit');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.line).toContain(`--shard auto/${n}`);
    expect(audit[0]!.line).toContain('--format json=/reports/shard-$JOB_COMPLETION_INDEX.json');
    expect(all.filter((c) => c.sub === 'merge')).toHaveLength(1);
    expect(countChecks(strings(docs).join('\n'))).toEqual([n]);
    expect(all.flatMap(unknownFlags)).toEqual([]);
    expect(shardCounts(all)).toEqual([n]);
  });

  it('aws-batch-array-job.json and its README: --shard auto/N and an array of size N, merged by a dependent job', () => {
    const def = JSON.parse(read('aws-batch-array-job.json')) as { type: string; containerProperties: { command: string[] } };
    expect(def.type).toBe('container');
    const readme = read('README.md');
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const sizes = blocks.flatMap((b) => [...b.matchAll(/--array-properties size=([0-9]+)/g)].map((m) => Number(m[1])));
    expect(sizes).toHaveLength(1);
    const n = sizes[0]!;
    const jobCmds = commandsIn(def.containerProperties.command.join(' '));
    expect(jobCmds.map((c) => c.sub)).toEqual(['audit']);
    expect(jobCmds[0]!.line).toContain(`--shard auto/${n}`);
    expect(jobCmds[0]!.line).toContain('shard-$AWS_BATCH_JOB_ARRAY_INDEX.json');
    // The merge is in the container override of the dependent job (JSON inside the shell line).
    const readmeCmds = blocks.flatMap((b) => commandsIn(b.replace(/\\"/g, '"')));
    expect(readmeCmds.map((c) => c.sub)).toEqual(['merge']);
    expect(blocks.join('\n')).toMatch(/--depends-on jobId=\$ARRAY/);
    expect(countChecks(blocks.join('\n'))).toEqual([n]);
    const all = [...jobCmds, ...readmeCmds];
    expect(all.flatMap(unknownFlags)).toEqual([]);
    expect(shardCounts(all)).toEqual([n]);
  });

  it('every aws-tips command in the fan-out README uses flags the CLI has', () => {
    const cmds = commandsIn(read('README.md').replace(/\\"/g, '"'));
    expect(cmds.length).toBeGreaterThan(0);
    expect(cmds.flatMap(unknownFlags)).toEqual([]);
  });
});
