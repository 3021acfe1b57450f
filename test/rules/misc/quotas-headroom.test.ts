import { describe, expect, it } from 'vitest';
import rule from '../../../rules/misc/quotas-headroom.js';
import { ruleOptions } from '../../../src/engine/select.js';
import { RuleTester } from '../../rule-tester.js';

const quota = (ServiceCode: string, QuotaCode: string, Value: number, extra: Record<string, unknown> = {}) => ({
  ServiceCode,
  QuotaCode,
  QuotaName: `${ServiceCode} ${QuotaCode}`,
  Value,
  DefaultValue: Value,
  Adjustable: true,
  GlobalQuota: false,
  Arn: `arn:aws:servicequotas:${(extra.Region as string) ?? 'us-east-1'}:123456789012:${ServiceCode}/${QuotaCode}`,
  ...extra,
});
const usage = (Value: number) => ({ Usage: { Value, Statistic: 'Maximum' } });

RuleTester.run(rule, {
  valid: [
    {
      name: 'usage well under the quota passes; quotas without usage are not evaluated',
      snapshot: {
        servicequotas: {
          quotas: [
            quota('ec2', 'L-1216C47A', 640, { ...usage(64), DefaultValue: 5 }),
            quota('lambda', 'L-B99A9384', 1000),
          ],
        },
      },
    },
    {
      name: 'a service code not in serviceCodes is skipped',
      notApplicable: true,
      options: { serviceCodes: ['ec2'] },
      snapshot: { servicequotas: { quotas: [quota('rds', 'L-7B6409FD', 40, { ...usage(40), DefaultValue: 20 })] } },
    },
  ],
  invalid: [
    {
      name: 'at or above 90% fails medium, at or above 75% warns low, below passes',
      snapshot: {
        servicequotas: {
          quotas: [
            quota('ec2', 'L-1216C47A', 32, { ...usage(30), DefaultValue: 5 }),
            quota('ebs', 'L-D18FCD1D', 100, { ...usage(80), DefaultValue: 50 }),
            quota('rds', 'L-7B6409FD', 40, { ...usage(10), DefaultValue: 20 }),
          ],
        },
      },
      findings: [
        { status: 'fail', messageId: 'nearlyExhausted', severity: 'medium', resource: 'L-1216C47A', message: /30 of 32 used \(94%\)/, evidence: { utilisationPct: 93.8 } },
        { status: 'warn', messageId: 'nearLimit', severity: 'low', resource: 'L-D18FCD1D' },
      ],
      passes: ['L-7B6409FD'],
    },
    {
      name: 'fallback counts for Elastic IPs, VPCs and ALBs; info for quotas still at the default',
      snapshot: {
        servicequotas: {
          quotas: [quota('ec2', 'L-0263D0A3', 5), quota('vpc', 'L-F678F1CE', 5), quota('elasticloadbalancing', 'L-53DA6B97', 50)],
        },
        ec2: {
          addresses: [1, 2, 3, 4, 5].map((n) => ({ PublicIp: `203.0.113.${n}`, AllocationId: `eipalloc-${n}`, Domain: 'vpc' })),
          vpcs: [{ VpcId: 'vpc-1' }, { VpcId: 'vpc-2' }, { VpcId: 'vpc-3' }, { VpcId: 'vpc-4' }],
        },
        elbv2: {
          loadBalancers: [
            { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1', Type: 'application' },
            { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1', Type: 'network' },
          ],
        },
      },
      findings: [
        { status: 'fail', resource: 'L-0263D0A3', message: /5 of 5 used \(100%\)/, evidence: { usageSource: 'resource count' } },
        { status: 'warn', resource: 'L-F678F1CE', message: /4 of 5/ },
        { status: 'info', messageId: 'atDefault', message: /3 of 3 measured adjustable quotas are still at the AWS default/ },
      ],
      passes: ['L-53DA6B97'],
    },
    {
      name: 'a global quota seen in every region is evaluated once; thresholds are configurable',
      options: { warnPct: 50, failPct: 95 },
      snapshot: {
        meta: { regions: ['us-east-1', 'eu-west-1'] },
        servicequotas: {
          quotas: [
            quota('iam', 'L-FE177D64', 1000, { ...usage(600), GlobalQuota: true, DefaultValue: 1000, Adjustable: false, Region: 'us-east-1' }),
            quota('iam', 'L-FE177D64', 1000, { ...usage(600), GlobalQuota: true, DefaultValue: 1000, Adjustable: false, Region: 'eu-west-1' }),
          ],
        },
      },
      findings: [{ status: 'warn', resource: 'L-FE177D64', region: 'global', message: /account-wide/ }],
    },
  ],
});

describe('quotas-headroom options', () => {
  const parse = (o: Record<string, unknown>) => ruleOptions(rule, o, 'rules.quotas-headroom');

  it('warnPct may not exceed failPct (equal is fine: no warning band)', () => {
    expect(() => parse({ warnPct: 95, failPct: 90 })).toThrow(/warnPct: warnPct \(95\) is above failPct \(90\)/);
    expect(() => parse({ warnPct: 80 , failPct: 70 })).toThrow(/must not exceed the failure threshold/);
    expect(parse({ warnPct: 90, failPct: 90 })).toMatchObject({ warnPct: 90, failPct: 90 });
    expect(parse({})).toMatchObject({ warnPct: 75, failPct: 90 });
  });

  it('serviceCodes must be collected ones, and the message lists them', () => {
    expect(() => parse({ serviceCodes: ['ec2', 'dynamodb'] })).toThrow(
      /serviceCodes\[1\]: "dynamodb" is not collected: quotas are collected for ec2, vpc, elasticloadbalancing, ebs, rds, autoscaling, iam, lambda only/,
    );
    expect(parse({ serviceCodes: ['ec2', 'iam'] })).toMatchObject({ serviceCodes: ['ec2', 'iam'] });
  });
});
