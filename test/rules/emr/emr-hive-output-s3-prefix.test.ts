import { describe, expect, it } from 'vitest';
import rule, { bucketRootArgs, isHiveStep } from '../../../rules/emr/emr-hive-output-s3-prefix.js';
import { RuleTester } from '../../rule-tester.js';

const ARN = 'arn:aws:elasticmapreduce:us-east-1:123456789012:cluster';
const cluster = (id: string, state = 'WAITING', end?: string) => ({
  Id: id,
  Name: `etl-${id}`,
  Status: { State: state, Timeline: { CreationDateTime: '2026-10-01T00:00:00Z', ...(end ? { EndDateTime: end } : {}) } },
  Arn: `${ARN}/${id}`,
});
const step = (clusterId: string, id: string, args: string[], jar = 'command-runner.jar') => ({
  Id: id,
  ClusterId: clusterId,
  Name: 'Hive program',
  Config: { Jar: jar, Args: args },
  Status: { State: 'COMPLETED' },
  Arn: `${ARN}/${clusterId}/step/${id}`,
});
const hive = (output: string) => ['hive-script', '--run-hive-script', '--args', '-f', 's3://code/report.q', '-d', 'INPUT=s3://raw/events/', '-d', `OUTPUT=${output}`];

describe('Hive step helpers', () => {
  it('recognises Hive steps (command-runner and legacy script-runner)', () => {
    expect(isHiveStep(['hive-script', '--run-hive-script'])).toBe(true);
    expect(isHiveStep(['hive', '-f', 's3://b/q.hql'])).toBe(true);
    expect(isHiveStep(['s3://us-east-1.elasticmapreduce/libs/hive/hive-script', '--base-path', 's3://x'])).toBe(true);
    expect(isHiveStep(['spark-submit', 's3://b/job.py'])).toBe(false);
    expect(isHiveStep(['--conf', 'hive.support=true'])).toBe(false);
  });

  it('finds bucket roots in arguments and KEY=VALUE values', () => {
    expect(bucketRootArgs(['s3://b', 's3://b/', 's3n://b/', 's3a://b', 's3://b/x/', 'OUTPUT=s3://out/', 'k=s3://out/p', 's3://b/f.q'])).toEqual([
      's3://b',
      's3://b/',
      's3n://b/',
      's3a://b',
      'OUTPUT=s3://out/',
    ]);
  });
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'Hive output under a prefix passes; non-Hive steps are out of scope',
      snapshot: {
        emr: {
          clusters: [cluster('j-1')],
          steps: [step('j-1', 's-1', hive('s3://results/daily/')), step('j-1', 's-2', ['spark-submit', 's3://jobs/'])],
        },
      },
    },
    {
      name: 'a cluster that ended before the lookback window is ignored',
      notApplicable: true,
      snapshot: {
        emr: { clusters: [cluster('j-old', 'TERMINATED', '2026-10-01T00:00:00Z')], steps: [step('j-old', 's-1', hive('s3://results/'))] },
      },
    },
  ],
  invalid: [
    {
      name: 'OUTPUT at a bucket root warns at info severity; the prefixed step passes',
      snapshot: {
        emr: {
          clusters: [cluster('j-1')],
          steps: [step('j-1', 's-1', hive('s3://results/')), step('j-1', 's-2', hive('s3://results/weekly/'))],
        },
      },
      findings: [
        {
          status: 'warn',
          severity: 'info',
          resource: 'j-1/s-1',
          message: 'Hive step "Hive program" (s-1) on etl-j-1 j-1 uses a bucket root (OUTPUT=s3://results/)',
          evidence: { bucketRootArgs: ['OUTPUT=s3://results/'] },
        },
      ],
      passes: ['j-1/s-2'],
    },
    {
      name: 'legacy script-runner Hive step with a bare bucket argument, on a recently terminated cluster',
      snapshot: {
        emr: {
          clusters: [cluster('j-2', 'TERMINATED_WITH_ERRORS', '2026-10-28T00:00:00Z')],
          steps: [
            step('j-2', 's-9', ['s3://us-east-1.elasticmapreduce/libs/hive/hive-script', '--run-hive-script', '--args', '-f', 's3://c/q.hql', '--hiveconf', 'out=s3a://warehouse'], 's3://us-east-1.elasticmapreduce/libs/script-runner/script-runner.jar'),
          ],
        },
      },
      findings: [{ status: 'warn', resource: 'j-2/s-9', evidence: { bucketRootArgs: ['out=s3a://warehouse'] } }],
    },
    {
      name: 'lookbackDays widens the window',
      options: { lookbackDays: 60 },
      snapshot: {
        emr: { clusters: [cluster('j-old', 'TERMINATED', '2026-10-01T00:00:00Z')], steps: [step('j-old', 's-1', hive('s3://results'))] },
      },
      findings: [{ status: 'warn', resource: 'j-old/s-1' }],
    },
  ],
});
