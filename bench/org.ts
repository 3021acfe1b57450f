/**
 * Part "org": an organization audit against moto behind the latency proxy, against what users do today
 * (a shell loop auditing one account after another with --role-arn).
 *
 * moto holds an organization of N members (each with an open SSH group and an idle Elastic IP, seeded through
 * the member role as aws-tips reaches it). Figures: wall time, requests and peak RSS of
 * `audit --org --account-concurrency C`; wall time of the sequential loop (measured over a sample of the
 * accounts and scaled to all of them, said as such, since a loop of 200 processes takes long); moto's own CPU
 * time during the org run, the floor no client can go below on one moto process.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AllocateAddressCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { startMoto, TEST_CREDENTIALS } from '../test/support/moto.js';
import { BIN, mib, ms, processCpuSeconds, runNode, verdict, type Row } from './util.js';

export interface OrgOptions {
  members: number;
  regions: string[];
  concurrency: number;
  /** Accounts of the sequential loop actually run (scaled to all). */
  sequentialSample: number;
  latencyMs: number;
  dir: string;
  keep: boolean;
  log: (s: string) => void;
}

async function seedOrganization(endpoint: string, members: number, regions: string[], log: (s: string) => void): Promise<string[]> {
  const cfg = { endpoint, region: regions[0]!, credentials: TEST_CREDENTIALS, maxAttempts: 3 };
  const org = new OrganizationsClient(cfg);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const ids: string[] = [];
  for (let i = 0; i < members; i++) ids.push((await org.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `m${i}@example.com` }))).CreateAccountStatus!.AccountId!);
  log(`org: ${members} member accounts created; seeding each through its member role...`);
  const limit = pLimit(8);
  await Promise.all(
    ids.map((account) =>
      limit(async () => {
        const { Credentials: c } = await new STSClient(cfg).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }));
        const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
        for (const region of regions) {
          const ec2 = new EC2Client({ ...cfg, region, credentials });
          const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ssh', Description: 'open ssh' }));
          await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
          await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
        }
      }),
    ),
  );
  return ids;
}

export async function orgBench(options: OrgOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const opts = { ...options, dir: join(options.dir, 'org') };
  mkdirSync(opts.dir, { recursive: true });
  const moto = await startMoto();
  const proxy = await startFaultProxy({ target: moto.url, latencyMs: opts.latencyMs });
  // Operations moto does not implement answer an HTML 500, which the SDK retries: after two, answer 400 at once.
  const notImplemented = new Set<string>();
  const key = (r: { service: string; operation: string }) => `${r.service}:${r.operation}`;
  proxy.inject({ match: (r) => notImplemented.has(key(r)), fault: { kind: 'status', status: 400, code: 'InvalidAction' } });
  const seen = new Map<string, number>();
  let scanned = 0;
  const scan = setInterval(() => {
    for (; scanned < proxy.requests.length; scanned++) {
      const r = proxy.requests[scanned]!;
      if (!r.notImplemented) continue;
      seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
      if (seen.get(key(r))! >= 2) notImplemented.add(key(r));
    }
  }, 100);
  try {
    const members = await seedOrganization(moto.url, opts.members, opts.regions, opts.log);
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: opts.regions[0], AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') && !(k in env)) env[k] = '';
    const common = ['--endpoint-url', proxy.url, '--regions', opts.regions.join(','), '--max-attempts', '3'];

    // A warm-up run (moto builds its per-account state on first use) so neither side pays it.
    opts.log('org: warm-up (every account touched once)...');
    await runNode([BIN, 'audit', ...common, '--org', '--rule', 'ec2-eip-unassociated', '--format', `json=${join(opts.dir, 'warm.json')}`], { env, cwd: opts.dir });

    proxy.clear();
    scanned = 0;
    const report = join(opts.dir, 'org.json');
    opts.log(`org: aws-tips audit --org --account-concurrency ${opts.concurrency} (${opts.members + 1} accounts x ${opts.regions.length} regions, every rule)...`);
    const moto0 = processCpuSeconds(moto.pid);
    const org = await runNode([BIN, 'audit', ...common, '--org', '--account-concurrency', String(opts.concurrency), '--format', `json=${report}`], { env, cwd: opts.dir, usage: true });
    const motoCpu = (processCpuSeconds(moto.pid) ?? 0) - (moto0 ?? 0);
    const requests = proxy.requests.length;
    if (![0, 1, 3].includes(org.code ?? -1)) throw new Error(`aws-tips audit --org exited ${org.code}: ${org.stderr.slice(-1500)}`);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { accounts: { id: string; error: string | null }[]; findings: unknown[] };
    const audited = parsed.accounts.filter((a) => a.error === null).length;

    // The shell loop: one process per account, one after another (a sample, scaled).
    const sample = members.slice(0, Math.min(opts.sequentialSample, members.length));
    opts.log(`org: sequential loop over ${sample.length} of ${members.length} members (aws-tips audit --role-arn ... per account)...`);
    let loopMs = 0;
    for (const account of sample) {
      const r = await runNode(
        [BIN, 'audit', ...common, '--role-arn', `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, '--format', `json=${join(opts.dir, `seq-${account}.json`)}`],
        { env, cwd: opts.dir },
      );
      if (![0, 1, 3].includes(r.code ?? -1)) throw new Error(`sequential audit of ${account} exited ${r.code}: ${r.stderr.slice(-800)}`);
      loopMs += r.wallMs;
    }
    const perAccount = loopMs / sample.length;
    const sequentialMs = perAccount * (members.length + 1);
    const speedup = sequentialMs / org.wallMs;
    const target = 0.8 * opts.concurrency;
    const floorMs = motoCpu * 1000;
    const atFloor = org.wallMs <= floorMs * 1.25;
    const rows: Row[] = [
      { figure: `accounts audited (of ${opts.members + 1}), regions`, value: `${audited}, ${opts.regions.length}` },
      { figure: 'findings', value: String(parsed.findings.length) },
      { figure: `audit --org wall (--account-concurrency ${opts.concurrency})`, value: ms(org.wallMs) },
      { figure: 'requests', value: String(requests) },
      { figure: 'moto CPU during the org run (the floor)', value: ms(floorMs) },
      { figure: `sequential loop, ${sample.length} accounts measured`, value: `${ms(perAccount)} per account` },
      { figure: `sequential loop for ${members.length + 1} accounts (scaled)`, value: ms(sequentialMs) },
      {
        figure: 'speed-up over the loop',
        value: `${speedup.toFixed(1)}x`,
        target: `>= ${target.toFixed(1)}x, or the emulator floor`,
        verdict: verdict(speedup >= target || atFloor),
      },
      { figure: 'peak RSS', value: mib(org.maxRssMiB), target: '< 1024 MiB', verdict: verdict(org.maxRssMiB === undefined ? undefined : org.maxRssMiB < 1024) },
    ];
    return {
      rows,
      result: { members: opts.members, regions: opts.regions, concurrency: opts.concurrency, wallMs: org.wallMs, requests, motoCpuMs: floorMs, sequentialSample: sample.length, perAccountMs: perAccount, sequentialMs, speedup, maxRssMiB: org.maxRssMiB, audited },
    };
  } finally {
    clearInterval(scan);
    await proxy.stop();
    await moto.stop();
    if (!opts.keep) rmSync(opts.dir, { recursive: true, force: true });
  }
}
