import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../../src/engine/report.js';
import { requireMotoOrSkip, useMoto } from '../support/moto.js';
import { seedAccount, type Seeded } from '../support/seed.js';
import { isolatedEnv, runAsync, type RunResult } from './run.js';

const hasMoto = requireMotoOrSkip();

const CORE_RULES = [
  'ec2-no-ssh-ingress', 'ec2-sg-no-world-ingress', 'ec2-eip-unassociated', 'ec2-no-eip-on-servers', 'ec2-instance-profile-attached',
  's3-bucket-name-no-dots', 'tags-required-keys', 'iam-mfa-enabled', 'iam-root-not-used', 'iam-user-no-direct-policies',
  'cloudtrail-multi-region-logging', 'elb-tls-terminated-at-lb',
];

describe.skipIf(!hasMoto)('live audit against moto (two regions)', () => {
  const moto = useMoto();
  let seeded: Seeded;
  let result: RunResult;
  let report: Report;

  beforeAll(async () => {
    seeded = await seedAccount(moto.url);
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-live-'));
    writeFileSync(join(dir, '.aws-tips.yml'), 'rules:\n  tags-required-keys: { requiredTagKeys: [owner] }\n');
    result = await runAsync(
      ['audit', '--endpoint-url', moto.url, '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--rule', CORE_RULES.join(','), '--timeout', '20'],
      { cwd: dir, env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' }) },
    );
    report = JSON.parse(result.stdout) as Report;
  }, 180_000);

  const find = (ruleId: string, id: string, status?: string): ReportFinding[] =>
    report.findings.filter((f) => f.ruleId === ruleId && (f.resource.id === id || f.resource.arn.endsWith(id)) && (!status || f.status === status));

  it('exits 1 with nothing on stderr and a complete report', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(report.account.id).toBe('123456789012');
    expect(report.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(report.rules.map((r) => r.id).sort()).toEqual([...CORE_RULES].sort());
  });

  it('ec2-no-ssh-ingress: SSH from the world fails high, from 10/8 passes', () => {
    expect(find('ec2-no-ssh-ingress', seeded.openSshGroup, 'fail')[0]?.severity).toBe('high');
    expect(find('ec2-no-ssh-ingress', seeded.privateSshGroup, 'pass').length).toBeGreaterThan(0);
  });

  it('ec2-sg-no-world-ingress: MySQL open to the world fails high', () => {
    expect(find('ec2-sg-no-world-ingress', seeded.openDbGroup, 'fail')[0]?.severity).toBe('high');
  });

  it('ec2-eip-unassociated: the idle address fails, the used one passes', () => {
    expect(find('ec2-eip-unassociated', seeded.idleEip, 'fail')).toHaveLength(1);
    expect(find('ec2-eip-unassociated', seeded.serverEip, 'pass')).toHaveLength(1);
  });

  it('ec2-no-eip-on-servers: the address on a server fails', () => {
    expect(find('ec2-no-eip-on-servers', seeded.serverEip, 'fail')).toHaveLength(1);
  });

  it('ec2-instance-profile-attached: instances without a role fail in both regions', () => {
    expect(find('ec2-instance-profile-attached', seeded.withProfile, 'pass')).toHaveLength(1);
    expect(find('ec2-instance-profile-attached', seeded.withoutProfile, 'fail')).toHaveLength(1);
    expect(find('ec2-instance-profile-attached', seeded.euInstance, 'fail')[0]?.resource.region).toBe('eu-west-1');
  });

  it('s3-bucket-name-no-dots', () => {
    expect(find('s3-bucket-name-no-dots', seeded.dottedBucket, 'fail')).toHaveLength(1);
    expect(find('s3-bucket-name-no-dots', seeded.cleanBucket, 'pass')).toHaveLength(1);
  });

  it('tags-required-keys: resources without owner fail, tagged ones pass', () => {
    expect(find('tags-required-keys', seeded.euInstance, 'fail')).toHaveLength(1);
    expect(find('tags-required-keys', seeded.withProfile, 'pass')).toHaveLength(1);
    expect(find('tags-required-keys', seeded.cleanBucket, 'pass')).toHaveLength(1);
    expect(find('tags-required-keys', seeded.dottedBucket, 'fail')).toHaveLength(1);
  });

  it('iam-mfa-enabled: bob has a password and no MFA; alice has MFA', () => {
    expect(find('iam-mfa-enabled', 'bob', 'fail')[0]?.severity).toBe('high');
    expect(find('iam-mfa-enabled', 'alice', 'pass')).toHaveLength(1);
  });

  it('iam-user-no-direct-policies: bob has a policy attached directly', () => {
    expect(find('iam-user-no-direct-policies', 'bob', 'fail')).toHaveLength(1);
    expect(find('iam-user-no-direct-policies', 'alice', 'pass')).toHaveLength(1);
  });

  it('iam-root-not-used: moto has no root row, so last use is not checked (error), never pass', () => {
    const root = report.findings.filter((f) => f.ruleId === 'iam-root-not-used');
    expect(root.some((f) => f.status === 'error')).toBe(true);
    expect(root.some((f) => f.status === 'pass' && /used/.test(f.message))).toBe(false);
  });

  it('cloudtrail-multi-region-logging: the multi-region trail covers both regions', () => {
    const trail = report.findings.filter((f) => f.ruleId === 'cloudtrail-multi-region-logging');
    expect(trail.filter((f) => f.status === 'fail')).toEqual([]);
    expect(trail.some((f) => f.status === 'pass')).toBe(true);
  });

  it('elb-tls-terminated-at-lb: plain HTTP fails, HTTP→HTTPS redirect passes', () => {
    expect(find('elb-tls-terminated-at-lb', seeded.plainHttpAlb, 'fail').length).toBeGreaterThan(0);
    expect(find('elb-tls-terminated-at-lb', seeded.redirectingAlb, 'fail')).toEqual([]);
    expect(find('elb-tls-terminated-at-lb', seeded.redirectingAlb, 'pass').length).toBeGreaterThan(0);
  });
});
