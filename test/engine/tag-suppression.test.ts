/**
 * `{ rule: "*", resource: "*", tags: { Role: bastion } }` suppresses the findings on every taggable
 * resource type the rules report on: for each type, a snapshot with one resource tagged Role=bastion
 * and one without, a rule that fails every item of the type's dataset, and the verdict stage.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Suppression } from '../../src/config/schema.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { collectionDatasets, tagDatasets } from '../../src/engine/identity.js';
import { policyFor } from '../../src/aws/policy.js';
import { buildReport } from '../../src/engine/verdict.js';
import { defineRule, fail, type ResourceLike, type Rule } from '../../src/rule.js';
import type { DatasetKey } from '../../src/snapshot/registry.js';
import { buildSnapshot, TEST_ACCOUNT, type SnapshotInput } from '../rule-tester.js';

const A = TEST_ACCOUNT;
const R = 'us-east-1';
const docs = { rationale: 'r'.repeat(30), checks: 'c'.repeat(30), remediation: 'm'.repeat(30), links: [] };
const BASTION = [{ Key: 'Role', Value: 'bastion' }];
const OTHER = [{ Key: 'Role', Value: 'web' }];

/** A rule that fails every item of one dataset. */
function failEvery(key: DatasetKey): Rule {
  const [service, name] = key.split('.') as [string, string];
  return defineRule({
    id: 'test-fail-every',
    section: 'misc',
    tip: 'test',
    title: `every item of ${key} is bad`,
    kind: 'automatic',
    severity: 'high',
    needs: [key] as const,
    options: z.object({}),
    compliance: [],
    docs,
    messages: { bad: '{{id}} is bad' },
    *check(view: unknown) {
      const items = (view as Record<string, Record<string, (ResourceLike & { Arn: string })[]>>)[service]![name]!;
      for (const item of items) yield fail(item, 'bad', { id: item.Arn });
    },
  } as never) as unknown as Rule;
}

const suppressions = (tags: Record<string, string>): Suppression[] =>
  [{ rule: '*', resource: '*', tags, reason: 'bastion' }] as unknown as Suppression[];

/** The findings of the rule over `key`, with whether each was suppressed, by ARN. */
function judge(key: DatasetKey, input: SnapshotInput, tags: Record<string, string> = { Role: 'bastion' }): Record<string, boolean> {
  const rule = failEvery(key);
  const snapshot = buildSnapshot(rule, input);
  const selected = { rule, options: {}, severity: rule.severity, severityOverridden: false };
  const result = evaluateRule(snapshot, selected, [selected]);
  const report = buildReport({
    snapshot,
    results: [result],
    toolVersion: 'test',
    source: { kind: 'snapshot' },
    failOn: 'low',
    suppressions: suppressions(tags),
    now: new Date('2026-11-01T12:00:00Z'),
  });
  expect(report.findings.every((f) => f.status === 'fail')).toBe(true);
  return Object.fromEntries(report.findings.map((f) => [f.resource.arn, f.suppressed !== null]));
}

interface Case {
  type: string;
  key: DatasetKey;
  /** The snapshot: two resources of the type, `tagged` (Role=bastion) and `untagged` (no tag, or Role=web). */
  input: SnapshotInput;
  tagged: string;
  untagged: string;
}

/** Two items of a dataset whose tags are a field of the item. */
function fieldCase(type: string, key: DatasetKey, field: string, make: (n: string, arn: string) => Record<string, unknown>, arn: (n: string) => string, list = BASTION as unknown): Case {
  const [service, name] = key.split('.') as [string, string];
  const tagged = arn('tagged');
  const untagged = arn('untagged');
  return {
    type,
    key,
    tagged,
    untagged,
    input: {
      [service]: { [name]: [{ ...make('tagged', tagged), Arn: tagged, [field]: list }, { ...make('untagged', untagged), Arn: untagged, [field]: OTHER }] },
    },
  };
}

/** Two items of a dataset whose tags are the items of another dataset, joined by Arn. */
function joinedCase(
  type: string,
  key: DatasetKey,
  make: (n: string, arn: string) => Record<string, unknown>,
  arn: (n: string) => string,
  tagItem: (n: string, arn: string, tags: { Key: string; Value: string }[]) => Record<string, unknown>,
  region = R,
): Case {
  const [tagKey] = tagDatasets(key);
  expect(tagKey, `${key} declares a tag dataset`).toBeDefined();
  const [service, name] = key.split('.') as [string, string];
  const [tagService, tagName] = tagKey!.split('.') as [string, string];
  const tagged = arn('tagged');
  const untagged = arn('untagged');
  const input: SnapshotInput = { [service]: { [name]: [{ ...make('tagged', tagged), Arn: tagged, Region: region }, { ...make('untagged', untagged), Arn: untagged, Region: region }] } };
  // The untagged resource has no item in the tag dataset at all (its tags were not returned).
  const slice = (input[tagService] ??= {});
  slice[tagName] = [{ ...tagItem('tagged', tagged, BASTION), Arn: tagged, Region: region }];
  return { type, key, tagged, untagged, input };
}

const ec2Arn = (kind: string) => (n: string) => `arn:aws:ec2:${R}:${A}:${kind}/${n}`;

const CASES: Case[] = [
  fieldCase('EC2 instance', 'ec2.instances', 'Tags', (n) => ({ InstanceId: `i-${n}` }), ec2Arn('instance')),
  fieldCase('security group', 'ec2.securityGroups', 'Tags', (n) => ({ GroupId: `sg-${n}`, GroupName: n }), ec2Arn('security-group')),
  fieldCase('Elastic IP', 'ec2.addresses', 'Tags', (n) => ({ AllocationId: `eipalloc-${n}`, PublicIp: n === 'tagged' ? '198.51.100.1' : '198.51.100.2' }), ec2Arn('elastic-ip')),
  fieldCase('EBS volume', 'ec2.volumes', 'Tags', (n) => ({ VolumeId: `vol-${n}` }), ec2Arn('volume')),
  fieldCase('network interface', 'ec2.networkInterfaces', 'TagSet', (n) => ({ NetworkInterfaceId: `eni-${n}` }), ec2Arn('network-interface')),
  fieldCase('VPC', 'ec2.vpcs', 'Tags', (n) => ({ VpcId: `vpc-${n}` }), ec2Arn('vpc')),
  fieldCase('subnet', 'ec2.subnets', 'Tags', (n) => ({ SubnetId: `subnet-${n}`, VpcId: 'vpc-1' }), ec2Arn('subnet')),
  joinedCase(
    'ALB/NLB',
    'elbv2.loadBalancers',
    (n, arn) => ({ LoadBalancerArn: arn, LoadBalancerName: n, Type: 'application' }),
    (n) => `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/${n}/0123456789abcdef`,
    (_n, arn, Tags) => ({ ResourceArn: arn, Tags }),
  ),
  joinedCase(
    'classic ELB',
    'elb.loadBalancers',
    (n) => ({ LoadBalancerName: n }),
    (n) => `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/${n}`,
    (n, _arn, Tags) => ({ LoadBalancerName: n, Tags }),
  ),
  joinedCase(
    'S3 bucket',
    's3.buckets',
    (n) => ({ Name: `bucket-${n}` }),
    (n) => `arn:aws:s3:::bucket-${n}`,
    (n, _arn, TagSet) => ({ Name: `bucket-${n}`, TagSet }),
    'global',
  ),
  fieldCase('RDS instance', 'rds.dbInstances', 'TagList', (n) => ({ DBInstanceIdentifier: n }), (n) => `arn:aws:rds:${R}:${A}:db:${n}`),
  fieldCase('RDS cluster', 'rds.dbClusters', 'TagList', (n) => ({ DBClusterIdentifier: n }), (n) => `arn:aws:rds:${R}:${A}:cluster:${n}`),
  fieldCase(
    'Auto Scaling group',
    'autoscaling.groups',
    'Tags',
    (n) => ({ AutoScalingGroupName: n }),
    (n) => `arn:aws:autoscaling:${R}:${A}:autoScalingGroup:0000:autoScalingGroupName/${n}`,
    BASTION.map((t) => ({ ...t, ResourceId: 'tagged', ResourceType: 'auto-scaling-group', PropagateAtLaunch: true })),
  ),
  joinedCase(
    'IAM user',
    'iam.users',
    (n) => ({ UserName: n }),
    (n) => `arn:aws:iam::${A}:user/${n}`,
    (n, _arn, Tags) => ({ UserName: n, Tags }),
    'global',
  ),
  joinedCase(
    'target group',
    'elbv2.targetGroups',
    (n, arn) => ({ TargetGroupArn: arn, TargetGroupName: n }),
    (n) => `arn:aws:elasticloadbalancing:${R}:${A}:targetgroup/${n}/0123456789abcdef`,
    (_n, arn, Tags) => ({ ResourceArn: arn, Tags }),
  ),
  joinedCase(
    'ElastiCache cluster',
    'elasticache.cacheClusters',
    (n) => ({ CacheClusterId: n }),
    (n) => `arn:aws:elasticache:${R}:${A}:cluster:${n}`,
    (n, _arn, Tags) => ({ CacheClusterId: n, Tags }),
  ),
  joinedCase(
    'ElastiCache replication group',
    'elasticache.replicationGroups',
    (n) => ({ ReplicationGroupId: n }),
    (n) => `arn:aws:elasticache:${R}:${A}:replicationgroup:${n}`,
    (n, _arn, Tags) => ({ ReplicationGroupId: n, Tags }),
  ),
  joinedCase(
    'IAM role',
    'iam.roles',
    (n) => ({ RoleName: n }),
    (n) => `arn:aws:iam::${A}:role/${n}`,
    (n, _arn, Tags) => ({ RoleName: n, Tags }),
    'global',
  ),
  joinedCase(
    'CloudTrail trail',
    'cloudtrail.trails',
    (n, arn) => ({ Name: n, TrailARN: arn, HomeRegion: R }),
    (n) => `arn:aws:cloudtrail:${R}:${A}:trail/${n}`,
    (_n, arn, Tags) => ({ TrailARN: arn, Tags }),
    R,
  ),
  joinedCase(
    'CloudFront distribution',
    'cloudfront.distributions',
    (n) => ({ Id: `E${n.toUpperCase()}` }),
    (n) => `arn:aws:cloudfront::${A}:distribution/E${n.toUpperCase()}`,
    (n, _arn, Tags) => ({ Id: `E${n.toUpperCase()}`, Tags }),
    'global',
  ),
  joinedCase(
    'Route 53 hosted zone',
    'route53.hostedZones',
    (n) => ({ Id: `/hostedzone/Z${n.toUpperCase()}`, Name: `${n}.example.com.` }),
    (n) => `arn:aws:route53:::hostedzone/Z${n.toUpperCase()}`,
    (n, _arn, Tags) => ({ Id: `/hostedzone/Z${n.toUpperCase()}`, Tags }),
    'global',
  ),
  joinedCase(
    'EMR cluster',
    'emr.clusters',
    (n) => ({ Id: `j-${n.toUpperCase()}` }),
    (n) => `arn:aws:elasticmapreduce:${R}:${A}:cluster/j-${n.toUpperCase()}`,
    (n, _arn, Tags) => ({ Id: `j-${n.toUpperCase()}`, Tags }),
  ),
  joinedCase(
    'CloudWatch alarm',
    'cloudwatch.alarms',
    (n, arn) => ({ AlarmType: 'MetricAlarm', AlarmName: n, AlarmArn: arn }),
    (n) => `arn:aws:cloudwatch:${R}:${A}:alarm:${n}`,
    (n, _arn, Tags) => ({ AlarmName: n, Tags }),
  ),
  joinedCase(
    'CloudWatch billing alarm',
    'cloudwatch.billingAlarms',
    (n, arn) => ({ AlarmType: 'MetricAlarm', AlarmName: n, AlarmArn: arn, Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' }),
    (n) => `arn:aws:cloudwatch:us-east-1:${A}:alarm:billing-${n}`,
    (n, _arn, Tags) => ({ AlarmName: n, Tags }),
  ),
];

describe('a suppression by tag suppresses findings on every taggable resource type', () => {
  for (const c of CASES)
    it(`${c.type} (${c.key})`, () => {
      const judged = judge(c.key, c.input);
      expect(judged).toEqual({ [c.tagged]: true, [c.untagged]: false });
    });

  it('`tags: { constructor: "*" }` matches nothing on untagged resources (nor on resources without that tag)', () => {
    for (const c of CASES) {
      const judged = judge(c.key, c.input, { constructor: '*' });
      expect(judged, c.type).toEqual({ [c.tagged]: false, [c.untagged]: false });
    }
    // Resources with no tags at all.
    const untagged = judge('ec2.instances', { ec2: { instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2', Tags: [] }] } }, { constructor: '*' });
    expect(Object.values(untagged)).toEqual([false, false]);
  });
});

describe('tag datasets are collected only when a suppression matches on tags', () => {
  const needed: DatasetKey[] = ['ec2.instances', 'elbv2.loadBalancers', 'elbv2.targetGroups', 'iam.roles', 'cloudwatch.alarms'];

  it('no suppression, or none with tags: exactly the datasets the rules need', () => {
    expect(collectionDatasets(needed)).toEqual(needed);
    expect(collectionDatasets(needed, [{ rule: '*', resource: 'arn:aws:ec2:*' } as never])).toEqual(needed);
  });

  it('a suppression with tags: the tag datasets of the needed datasets are added (none for types whose listing has tags)', () => {
    expect(collectionDatasets(needed, suppressions({ Role: 'bastion' }))).toEqual([
      ...needed,
      'elbv2.tags',
      'elbv2.targetGroupTags',
      'iam.roleTags',
      'cloudwatch.alarmTags',
    ]);
  });

  it('the policy for such a configuration grants the tag reads too', () => {
    const actions = (tags: boolean) => policyFor(collectionDatasets(needed, tags ? suppressions({ Role: 'bastion' }) : [])).Statement[0]!.Action;
    expect(actions(false)).not.toContain('cloudwatch:ListTagsForResource');
    expect(actions(true)).toEqual(expect.arrayContaining(['cloudwatch:ListTagsForResource', 'elasticloadbalancing:DescribeTags', 'iam:GetAccountAuthorizationDetails']));
  });
});
