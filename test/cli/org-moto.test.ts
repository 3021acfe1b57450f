/**
 * An organization audit end to end against moto: an organization of a management account and ten members,
 * each member with its own violations (reached, as aws-tips reaches them, by assuming
 * OrganizationAccountAccessRole in it), one member whose AssumeRole is denied through the fault proxy.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllocateAddressCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { requireMotoOrSkip, TEST_CREDENTIALS, useMoto } from '../support/moto.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { isolatedEnv, runAsync } from './run.js';
import type { Report } from '../../src/engine/report.js';

const hasMoto = requireMotoOrSkip();
const REGION = 'us-east-1';
const MEMBERS = 10;
const RULES = 'ec2-no-ssh-ingress,ec2-eip-unassociated';

describe.skipIf(!hasMoto)('audit --org (moto)', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let members: string[] = [];
  const names = new Map<string, string>();
  let denied = '';
  const env = () => isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
  const dir = mkdtempSync(join(tmpdir(), 'aws-tips-org-'));
  const audit = (args: string[]) =>
    runAsync(['audit', '--endpoint-url', proxy.url, '--region', REGION, '--rule', RULES, '--max-attempts', '2', ...args], { env: env(), cwd: dir });

  beforeAll(async () => {
    const cfg = { endpoint: moto.url, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
    const org = new OrganizationsClient(cfg);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    for (let i = 0; i < MEMBERS; i++) {
      const out = await org.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `m${i}@example.com` }));
      members.push(out.CreateAccountStatus!.AccountId!);
      names.set(out.CreateAccountStatus!.AccountId!, `member-${i}`);
    }
    members = members.sort();
    // Each member gets its own violations: an SSH group open to the world in even ones, idle Elastic IPs (i of them) in all.
    for (const [i, account] of members.entries()) {
      const sts = new STSClient(cfg);
      const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }));
      const ec2 = new EC2Client({ ...cfg, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
      if (i % 2 === 0) {
        const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `ssh-${i}`, Description: 'open ssh' }));
        await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      }
      for (let k = 0; k < i % 3; k++) await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    }
    denied = members[3]!;
    proxy = await startFaultProxy({ target: moto.url });
    proxy.inject({ service: 'sts', operation: 'AssumeRole', match: (r) => !!r.params?.get('RoleArn')?.includes(`::${denied}:`), fault: { kind: 'accessDenied' } });
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
  });

  let full: Report;
  it('audits every account of the organization, each with its own findings and score; a denied member is isolated', async () => {
    const r = await audit(['--org', '--format', 'json']);
    expect(r.stderr).toMatch(new RegExp(`account ${denied} .*not audited: cannot assume arn:aws:iam::${denied}:role/OrganizationAccountAccessRole: AccessDenied`));
    full = JSON.parse(r.stdout) as Report;
    // The management account (moto's default, 123456789012) and the ten members.
    expect(full.accounts.map((a) => a.id)).toEqual(['123456789012', ...members].sort());
    for (const m of members) expect(full.accounts.find((a) => a.id === m)!.name).toBe(names.get(m));
    for (const [i, account] of members.entries()) {
      const mine = full.findings.filter((f) => f.account === account);
      const a = full.accounts.find((x) => x.id === account)!;
      if (account === denied) {
        expect(a.error).toMatch(/AccessDenied/);
        expect(a.incomplete).toBe(true);
        // Nothing judged there: no pass, no fail, an error per rule.
        expect(mine.filter((f) => f.status !== 'info').every((f) => f.status === 'error')).toBe(true);
        expect([...new Set(mine.filter((f) => f.status === 'error').map((f) => f.ruleId))].sort()).toEqual(RULES.split(',').sort());
        continue;
      }
      expect(a.error).toBeNull();
      expect(mine.some((f) => f.status === 'error')).toBe(false);
      const ssh = mine.filter((f) => f.ruleId === 'ec2-no-ssh-ingress' && f.status === 'fail');
      expect(ssh.length > 0).toBe(i % 2 === 0);
      expect(mine.filter((f) => f.ruleId === 'ec2-eip-unassociated' && f.status === 'fail')).toHaveLength(i % 3);
      // Every resource the finding names is in that account.
      for (const f of mine.filter((x) => x.resource.arn.includes(':ec2:'))) expect(f.resource.arn).toContain(`:${account}:`);
    }
    // Violations gate (exit 1) before the incomplete audit would (3).
    expect(r.code).toBe(1);
    expect(full.summary.exitCode).toBe(1);
    expect(full.summary.incomplete).toBe(true);
    expect(full.summary.violations).toBe(full.accounts.reduce((n, a) => n + a.violations, 0));
  }, 180_000);

  it('--shard 0/3, 1/3 and 2/3, merged, equal the unsharded report (findings, scores, verdict, exit code)', async () => {
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = join(dir, `shard-${i}.json`);
      const r = await audit(['--org', '--shard', `${i}/3`, '--format', `json=${file}`]);
      expect([1, 3], `shard ${i}: ${r.stderr}`).toContain(r.code);
      files.push(file);
    }
    const shards = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Report);
    expect(shards.flatMap((s) => s.accounts.map((a) => a.id)).sort()).toEqual(full.accounts.map((a) => a.id));
    const merged = await runAsync(['merge', ...files, '--format', 'json'], { env: env(), cwd: dir });
    const m = JSON.parse(merged.stdout) as Report;
    const comparable = (r: Report) => ({
      accounts: r.accounts.map((a) => ({ ...a, collectedAt: null })),
      score: r.score,
      summary: r.summary,
      rules: r.rules,
      findings: r.findings,
      notChecked: r.notChecked,
    });
    expect(comparable(m)).toEqual(comparable(full));
    expect(merged.code).toBe(full.summary.exitCode);
  }, 300_000);

  it('--accounts names accounts; --exclude-accounts leaves some out; collect writes one snapshot per account that audit --snapshot DIR audits', async () => {
    const two = [members[0]!, members[1]!];
    const r = await audit(['--accounts', two.join(','), '--format', 'json']);
    expect((JSON.parse(r.stdout) as Report).accounts.map((a) => a.id)).toEqual(two);
    const ex = await audit(['--org', '--exclude-accounts', `${denied},${members[0]}`, '--format', 'json']);
    const exReport = JSON.parse(ex.stdout) as Report;
    expect(exReport.accounts.map((a) => a.id)).not.toContain(denied);
    expect(exReport.summary.incomplete).toBe(false);
    expect(ex.code).toBe(1);

    const snaps = join(dir, 'snaps');
    const c = await runAsync(['collect', '--endpoint-url', proxy.url, '--region', REGION, '--rule', RULES, '--accounts', two.join(','), '--output', snaps], { env: env(), cwd: dir });
    expect(c.code).toBe(0);
    expect(readdirSync(snaps).sort()).toEqual(two.map((id) => `${id}.json`));
    for (const f of readdirSync(snaps)) expect(statSync(join(snaps, f)).mode & 0o777).toBe(0o600);
    const offline = await runAsync(['audit', '--snapshot', snaps, '--format', 'json'], { env: env(), cwd: dir });
    const o = JSON.parse(offline.stdout) as Report;
    const live = JSON.parse(r.stdout) as Report;
    expect(o.findings.map((f) => f.key)).toEqual(live.findings.map((f) => f.key));
    expect(o.score).toEqual(live.score);
  }, 180_000);

  it('assumes each member role once per run (credentials cached across the clients of an account)', async () => {
    proxy.clear();
    const r = await audit(['--accounts', members.slice(0, 4).join(','), '--format', 'json']);
    expect(r.code).toBe(1);
    const assumed = proxy.requests.filter((q) => q.operation === 'AssumeRole').map((q) => q.params?.get('RoleArn'));
    expect(assumed.sort()).toEqual(members.slice(0, 4).map((m) => `arn:aws:iam::${m}:role/OrganizationAccountAccessRole`).sort());
    expect(proxy.requests.filter((q) => q.operation === 'AssumeRole').every((q) => q.params?.get('RoleSessionName') === 'aws-tips')).toBe(true);
  }, 120_000);

  it('policy --org: the caller\'s policy allows every call the caller makes in an --org audit (listing accounts, assuming the member role)', async () => {
    proxy.clear();
    await audit(['--org', '--exclude-accounts', denied, '--format', 'json']);
    const policy = JSON.parse((await runAsync(['policy', '--org', '--rule', RULES], { env: env() })).stdout) as {
      caller: { Statement: { Action: string | string[]; Resource: string }[] };
      member: { Statement: { Action: string | string[] }[] };
    };
    const allowed = new Set(policy.caller.Statement.flatMap((x) => x.Action));
    const callerCalls = [...new Set(proxy.requests.filter((q) => q.service === 'organizations' || q.operation === 'AssumeRole').map((q) => `${q.service}:${q.operation}`))];
    expect(callerCalls).toContain('organizations:ListAccounts');
    for (const c of callerCalls) expect(allowed).toContain(c);
    expect(policy.caller.Statement.find((x) => x.Action === 'sts:AssumeRole')!.Resource).toBe('arn:*:iam::*:role/OrganizationAccountAccessRole');
    const custom = JSON.parse((await runAsync(['policy', '--org', '--role-name', 'Auditor'], { env: env() })).stdout) as typeof policy;
    expect(custom.caller.Statement.find((x) => x.Action === 'sts:AssumeRole')!.Resource).toBe('arn:*:iam::*:role/Auditor');
  }, 120_000);

  it('--role-arn audits the account of the role, with the external id and session name given; a denied role is one line, exit 2', async () => {
    proxy.clear();
    const target = members[1]!;
    const r = await audit(['--role-arn', `arn:aws:iam::${target}:role/Audit`, '--external-id', 'ext-123', '--role-session-name', 'ci-run', '--role-duration', '30m', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.accounts.map((a) => a.id)).toEqual([target]);
    const call = proxy.requests.find((q) => q.operation === 'AssumeRole')!;
    expect([call.params?.get('ExternalId'), call.params?.get('RoleSessionName'), call.params?.get('DurationSeconds')]).toEqual(['ext-123', 'ci-run', '1800']);
    const d = await audit(['--role-arn', `arn:aws:iam::${denied}:role/OrganizationAccountAccessRole`, '--format', 'json']);
    expect(d.code).toBe(2);
    expect(d.stderr.trim().split('\n')).toHaveLength(1);
    expect(d.stderr).toMatch(/cannot assume arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole: AccessDenied/);
    expect(d.stdout).toBe('');
  }, 120_000);
});
