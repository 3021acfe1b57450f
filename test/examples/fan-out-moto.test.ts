/**
 * The fan-out examples' shell, run as written against an organization in moto: the GitHub Actions shard and merge
 * steps, the Kubernetes pods' and merge Job's scripts and the AWS Batch children's command, each with its shard
 * index set as its system sets it. Every shard answers (a report, or the marker of a shard no account hashes to),
 * the file-count check passes, and the merge gives every account of the organization with the exit code of one
 * unsharded run. `aws-tips` in the scripts is the built CLI, pointed at moto (through the fault proxy, which denies
 * one member's role).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AllocateAddressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { requireMotoOrSkip, TEST_CREDENTIALS, useMoto } from '../support/moto.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { BIN, isolatedEnv, runAsync } from '../cli/run.js';
import type { Report } from '../../src/engine/report.js';

const hasMoto = requireMotoOrSkip();
const REGION = 'us-east-1';
const RULES = 'ec2-eip-unassociated';
const DIR = new URL('../../examples/fan-out/', import.meta.url).pathname;
const read = (f: string) => readFileSync(DIR + f, 'utf8');

describe.skipIf(!hasMoto)('examples/fan-out scripts against moto', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let all: string[] = [];
  let unsharded: { code: number | null; report: Report };
  const base = mkdtempSync(join(tmpdir(), 'aws-tips-fanout-'));

  /** `aws-tips` and `npx aws-tips` as shell functions: the built CLI, its audits sent to moto with one rule. */
  const prelude = () => `
aws_tips() { sub="$1"; shift; if [ "$sub" = audit ]; then node '${BIN}' audit "$@" --endpoint-url '${proxy.url}' --rule ${RULES} --max-attempts 2; else node '${BIN}' "$sub" "$@"; fi; }
alias aws-tips=aws_tips
npx() { if [ "$1" = --yes ]; then shift; fi; if [ "$1" = aws-tips ]; then shift; aws_tips "$@"; else echo "npx $1: not in this test" >&2; return 127; fi; }
`;
  /**
   * Runs a script in `cwd`, aliases expanded, as its system does: GitHub Actions with `bash -eo pipefail`, a container
   * command `sh -c` with neither (`strict` false). Async: the fault proxy serves from this process.
   */
  const sh = (script: string, cwd: string, env: Record<string, string> = {}, strict = true) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', ...(strict ? ['-eo', 'pipefail'] : []), '-O', 'expand_aliases', '-c', prelude() + script], {
        cwd,
        env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: REGION, ...env }),
        timeout: 120_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    const cfg = { endpoint: moto.url, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
    const org = new OrganizationsClient(cfg);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const members: string[] = [];
    for (let i = 0; i < 4; i++) {
      const out = await org.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `m${i}@example.com` }));
      const account = out.CreateAccountStatus!.AccountId!;
      members.push(account);
      const { Credentials: c } = await new STSClient(cfg).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }),
      );
      const ec2 = new EC2Client({ ...cfg, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
      if (i % 2 === 0) await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    }
    const denied = members[1]!;
    proxy = await startFaultProxy({ target: moto.url });
    proxy.inject({ service: 'sts', operation: 'AssumeRole', match: (r) => !!r.params?.get('RoleArn')?.includes(`::${denied}:`), fault: { kind: 'accessDenied' } });
    const r = await runAsync(['audit', '--org', '--region', REGION, '--endpoint-url', proxy.url, '--rule', RULES, '--max-attempts', '2', '--format', 'json'], {
      env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' }),
      cwd: base,
    });
    unsharded = { code: r.code, report: JSON.parse(r.stdout) as Report };
    all = unsharded.report.accounts.map((a) => a.id);
    // The management account and four members; violations (idle addresses) gate before the denied member's 3.
    expect(all).toHaveLength(5);
    expect(unsharded.code).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
  });

  /** What every example must end with: each shard answered once, the merged report holds every account, one run's exit code. */
  function expectMerged(dir: string, n: number, merge: { code: number | null; stderr: string }, mergedFile: string | null) {
    const answers = readdirSync(dir).filter((f) => /^shard-[0-9]+\.(json|empty)$/.test(f));
    expect(answers.map((f) => Number(f.split(/[-.]/)[1])).sort()).toEqual([...Array(n).keys()]);
    expect(merge.stderr).not.toMatch(/not every shard/);
    expect(merge.code).toBe(unsharded.code);
    if (mergedFile) {
      const m = JSON.parse(readFileSync(mergedFile, 'utf8')) as Report;
      expect(m.accounts.map((a) => a.id)).toEqual(all);
      expect(m.summary).toEqual(unsharded.report.summary);
    }
  }

  it('github-actions.yml: the shard step of each matrix job, then the check and the merge step', async () => {
    const wf = parse(read('github-actions.yml')) as { jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: { run?: string; name?: string }[] }> };
    const shards = wf.jobs.shard!.strategy!.matrix.shard;
    const step = wf.jobs.shard!.steps.find((s) => s.run?.includes('aws-tips audit'))!.run!;
    const dir = join(base, 'gha');
    mkdirSync(dir);
    for (const i of shards) {
      const r = await sh(step.replaceAll('${{ matrix.shard }}', String(i)), dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const [check, merge] = wf.jobs.merge!.steps.filter((s) => s.run?.includes('shard-')).map((s) => s.run!);
    expect((await sh(check!, dir)).code).toBe(0);
    const m = await sh(merge!, dir);
    expect(m.stdout).toContain(`${all.length} accounts`);
    expect(readFileSync(join(dir, 'aws-tips.sarif'), 'utf8')).toContain('"version": "2.1.0"');
    expectMerged(dir, shards.length, m, null);
  }, 240_000);

  it('kubernetes-indexed-job.yaml: each pod with its JOB_COMPLETION_INDEX, then the merge Job, on one shared directory', async () => {
    const docs = parseAllDocuments(read('kubernetes-indexed-job.yaml')).map((d) => d.toJS() as Record<string, any>);
    const job = docs.find((d) => d.kind === 'Job')!;
    const cron = docs.find((d) => d.kind === 'CronJob')!;
    const dir = join(base, 'k8s');
    mkdirSync(dir);
    const onDir = (s: string) => s.replaceAll('/reports', dir);
    const pod = onDir((job.spec.template.spec.containers[0].command as string[]).at(-1)!);
    for (let i = 0; i < job.spec.completions; i++) {
      const r = await sh(pod, dir, { JOB_COMPLETION_INDEX: String(i) }, false);
      expect(r.code, r.stderr).toBe(0);
    }
    const m = await sh(onDir((cron.spec.jobTemplate.spec.template.spec.containers[0].command as string[]).at(-1)!), dir, {}, false);
    expectMerged(dir, job.spec.completions, m, join(dir, 'organization.json'));
  }, 240_000);

  it('aws-batch-array-job.json: each child with AWS_BATCH_JOB_ARRAY_INDEX and its job id, then the README merge override', async () => {
    const def = JSON.parse(read('aws-batch-array-job.json')) as { containerProperties: { command: string[] } };
    const readme = read('README.md');
    const submit = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## AWS Batch')))![1]!;
    const n = Number(/--array-properties size=([0-9]+)/.exec(submit)![1]);
    // The merge job's command, as the --container-overrides JSON gives it (the shell's \" and \$ undone).
    const override = JSON.parse(/--container-overrides "(.*)"\n/.exec(submit)![1]!.replace(/\\"/g, '"').replace(/\\\$/g, '$').replace('$ARRAY"', 'ARRAYID"')) as {
      command: string[];
    };
    const root = join(base, 'batch');
    mkdirSync(root);
    const onRoot = (s: string) => s.replaceAll('/reports', root);
    const child = onRoot(def.containerProperties.command.at(-1)!);
    for (let i = 0; i < n; i++) {
      const r = await sh(child, root, { AWS_BATCH_JOB_ARRAY_INDEX: String(i), AWS_BATCH_JOB_ID: `ARRAYID:${i}` }, false);
      expect(r.code, r.stderr).toBe(0);
    }
    const m = await sh(onRoot(override.command.at(-1)!), root, { ARRAY_JOB_ID: 'ARRAYID' }, false);
    expectMerged(join(root, 'ARRAYID'), n, m, join(root, 'ARRAYID', 'organization.json'));
  }, 240_000);

  it('a shard that no account hashes to leaves the marker, and a failing shard fails its step', async () => {
    const dir = join(base, 'edge');
    mkdirSync(dir);
    writeFileSync(join(dir, 'placeholder'), '');
    const step = parse(read('github-actions.yml')).jobs.shard.steps.find((s: { run?: string }) => s.run?.includes('aws-tips audit')).run as string;
    // --exclude-accounts of every account: this shard has none (exit 2 "no account to audit"), a marker instead.
    const none = await sh(step.replace('--allow-incomplete', `--allow-incomplete --exclude-accounts ${all.join(',')}`).replaceAll('${{ matrix.shard }}', '0'), dir);
    expect(none.code, none.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('shard-0.empty');
    // Any other exit 2 (a bad flag value here) fails the step, with no report and no marker.
    const bad = await sh(step.replace('--allow-incomplete', '--allow-incomplete --account-concurrency 0').replaceAll('${{ matrix.shard }}', '1'), dir);
    expect(bad.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('shard-1'))).toEqual([]);
  }, 120_000);
});
