import rule from '../../../rules/ec2-vpc/tags-required-keys.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const T = (...kv: string[]) => kv.map((s) => ({ Key: s.split('=')[0], Value: s.split('=')[1] ?? '' }));
const ACCOUNT = `arn:aws:account::${TEST_ACCOUNT}:account`;
const albArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1';
const clbArn = (name: string, region = 'us-east-1') => `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/${name}`;


const A = (svc: string, res: string, region = 'us-east-1') => `arn:aws:${svc}:${region}:123456789012:${res}`;
type Input = Record<string, Record<string, unknown>>;
/**
 * One resource of each type, with these tags (tags read by a call of their own go in the tag dataset, under the
 * resource's ARN, as the collectors write them).
 */
const ONE: Record<string, { id: string; snap: (tags: ReturnType<typeof T>) => Input }> = {
  vpc: { id: 'vpc-1', snap: (t) => ({ ec2: { vpcs: [{ VpcId: 'vpc-1', IsDefault: false, Tags: t }] } }) },
  'elastic-ip': { id: 'eipalloc-1', snap: (t) => ({ ec2: { addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '198.51.100.1', Tags: t }] } }) },
  'rds-instance': { id: 'db1', snap: (t) => ({ rds: { dbInstances: [{ DBInstanceIdentifier: 'db1', TagList: t }] } }) },
  'rds-cluster': { id: 'cl1', snap: (t) => ({ rds: { dbClusters: [{ DBClusterIdentifier: 'cl1', TagList: t }] } }) },
  'autoscaling-group': { id: 'web-asg', snap: (t) => ({ autoscaling: { groups: [{ AutoScalingGroupName: 'web-asg', Tags: t.map((x) => ({ ...x, PropagateAtLaunch: false })) }] } }) },
  subnet: { id: 'subnet-1', snap: (t) => ({ ec2: { subnets: [{ SubnetId: 'subnet-1', DefaultForAz: false, Tags: t }] } }) },
  'network-interface': { id: 'eni-1', snap: (t) => ({ ec2: { networkInterfaces: [{ NetworkInterfaceId: 'eni-1', RequesterManaged: false, TagSet: t }] } }) },
  'target-group': {
    id: 'tg1',
    snap: (t) => ({ elbv2: { targetGroups: [{ TargetGroupName: 'tg1', TargetGroupArn: A('elasticloadbalancing', 'targetgroup/tg1/1'), Arn: A('elasticloadbalancing', 'targetgroup/tg1/1') }], targetGroupTags: [{ ResourceArn: A('elasticloadbalancing', 'targetgroup/tg1/1'), Tags: t, Arn: A('elasticloadbalancing', 'targetgroup/tg1/1') }] } }),
  },
  elasticache: {
    id: 'rg1',
    snap: (t) => ({ elasticache: { replicationGroups: [{ ReplicationGroupId: 'rg1', Arn: A('elasticache', 'replicationgroup:rg1') }], replicationGroupTags: [{ ReplicationGroupId: 'rg1', Tags: t, Arn: A('elasticache', 'replicationgroup:rg1') }], cacheClusters: [], cacheClusterTags: [] } }),
  },
  'cloudfront-distribution': {
    id: 'E1',
    snap: (t) => ({ cloudfront: { distributions: [{ Id: 'E1', Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E1' }], distributionTags: [{ Id: 'E1', Tags: t, Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E1' }] } }),
  },
  'route53-zone': {
    id: 'Z1',
    snap: (t) => ({ route53: { hostedZones: [{ Id: 'Z1', Name: 'example.com.', Region: 'global', Arn: 'arn:aws:route53:::hostedzone/Z1' }], hostedZoneTags: [{ Id: 'Z1', Tags: t, Region: 'global', Arn: 'arn:aws:route53:::hostedzone/Z1' }] } }),
  },
  'iam-user': {
    id: 'alice',
    snap: (t) => ({ iam: { users: [{ UserName: 'alice', Region: 'global', Arn: 'arn:aws:iam::123456789012:user/alice' }], userDetails: [{ UserName: 'alice', Tags: t, Region: 'global', Arn: 'arn:aws:iam::123456789012:user/alice' }] } }),
  },
  'iam-role': {
    id: 'app',
    snap: (t) => ({ iam: { roles: [{ RoleName: 'app', Path: '/', Region: 'global', Arn: 'arn:aws:iam::123456789012:role/app' }], roleTags: [{ RoleName: 'app', Tags: t, Region: 'global', Arn: 'arn:aws:iam::123456789012:role/app' }] } }),
  },
  trail: {
    id: 'main',
    snap: (t) => ({ cloudtrail: { trails: [{ Name: 'main', TrailARN: A('cloudtrail', 'trail/main'), Arn: A('cloudtrail', 'trail/main') }], trailTags: [{ TrailARN: A('cloudtrail', 'trail/main'), Tags: t, Arn: A('cloudtrail', 'trail/main') }] } }),
  },
  'emr-cluster': {
    id: 'j-1',
    snap: (t) => ({ emr: { clusters: [{ Id: 'j-1', Arn: A('elasticmapreduce', 'cluster/j-1') }], clusterTags: [{ Id: 'j-1', Tags: t, Arn: A('elasticmapreduce', 'cluster/j-1') }] } }),
  },
  alarm: {
    id: 'cpu-high',
    snap: (t) => ({ cloudwatch: { alarms: [{ AlarmName: 'cpu-high', AlarmType: 'MetricAlarm', Arn: A('cloudwatch', 'alarm:cpu-high') }], alarmTags: [{ AlarmName: 'cpu-high', Tags: t, Arn: A('cloudwatch', 'alarm:cpu-high') }] } }),
  },
};
const perType = Object.entries(ONE).map(([type, { id, snap }]) => ({
  valid: { name: `${type}: carries the required key`, options: { resourceTypes: [type], requiredTagKeys: ['owner'] }, snapshot: snap(T('owner=a')) },
  invalid: {
    name: `${type}: missing the required key fails, naming the resource`,
    options: { resourceTypes: [type], requiredTagKeys: ['owner'] },
    snapshot: snap(T('env=prod', 'aws:cloudformation:stack-name=s')),
    findings: [
      { status: 'fail' as const, resource: id, message: `${type} ${id} is missing required tag: owner` },
      { status: 'info' as const, resource: ACCOUNT, message: `${type} 0/1 (0%)` },
    ],
  },
}));
const err = (dataset: string, operation: string, region: string, resource?: string) => ({
  dataset, service: dataset.split('.')[0]!, region, operation, code: 'AccessDeniedException', message: 'denied', ...(resource ? { resource } : {}),
});
const tagPolicies = (policies: unknown) => ({ organizations: { tagPolicies: policies } });

RuleTester.run(rule, {
  valid: [
    ...perType.map((c) => c.valid),
    {
      name: 'default types without options: VPC, Elastic IP, RDS, Auto Scaling group with user tags pass',
      snapshot: { ...ONE.vpc!.snap(T('Name=main')), ...ONE['elastic-ip']!.snap(T('owner=a')), rds: { dbInstances: [{ DBInstanceIdentifier: 'db1', TagList: T('env=prod') }], dbClusters: [{ DBClusterIdentifier: 'cl1', TagList: T('env=prod') }] }, ...ONE['autoscaling-group']!.snap(T('team=a')) },
    },
    {
      name: 'default VPC, default subnet, requester-managed interface and service roles are skipped by default',
      notApplicable: true,
      options: { resourceTypes: ['vpc', 'subnet', 'network-interface', 'iam-role'] },
      snapshot: {
        ec2: { vpcs: [{ VpcId: 'vpc-def', IsDefault: true }], subnets: [{ SubnetId: 'subnet-def', DefaultForAz: true }], networkInterfaces: [{ NetworkInterfaceId: 'eni-lambda', RequesterManaged: true, TagSet: [] }] },
        iam: {
          roles: [
            { RoleName: 'AWSServiceRoleForSupport', Path: '/aws-service-role/support.amazonaws.com/', Region: 'global', Arn: 'arn:aws:iam::123456789012:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport' },
            { RoleName: 'AWSReservedSSO_Admin_1', Path: '/aws-reserved/sso.amazonaws.com/', Region: 'global', Arn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1' },
          ],
          roleTags: [],
        },
      },
    },
    {
      name: 'a replication group\'s member nodes are not judged apart from the group; another account\'s trail is not judged',
      options: { resourceTypes: ['elasticache', 'trail'] },
      snapshot: {
        elasticache: {
          replicationGroups: [{ ReplicationGroupId: 'rg1', Arn: A('elasticache', 'replicationgroup:rg1') }],
          replicationGroupTags: [{ ReplicationGroupId: 'rg1', Tags: T('owner=a'), Arn: A('elasticache', 'replicationgroup:rg1') }],
          cacheClusters: [{ CacheClusterId: 'rg1-001', ReplicationGroupId: 'rg1', Arn: A('elasticache', 'cluster:rg1-001') }],
          cacheClusterTags: [{ CacheClusterId: 'rg1-001', Tags: [], Arn: A('elasticache', 'cluster:rg1-001') }],
        },
        cloudtrail: { trails: [{ Name: 'org', TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org', Arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org' }], trailTags: [] },
      },
    },
    {
      name: 'an opt-in type whose tag entry is missing without a failed read (deleted between the calls) is not judged',
      notApplicable: true,
      options: { resourceTypes: ['alarm'] },
      snapshot: { cloudwatch: { alarms: [{ AlarmName: 'gone', AlarmType: 'MetricAlarm', Arn: A('cloudwatch', 'alarm:gone') }], alarmTags: [] } },
    },
    {
      name: 'an opt-in type that is not selected is not read: its failure is no error of this rule',
      allow: ['pass', 'info'],
      snapshot: {
        ec2: { instances: [{ InstanceId: 'i-1', Tags: T('Name=web') }] },
        cloudfront: { distributions: [{ Id: 'E1', Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E1' }], errors: [err('cloudfront.distributionTags', 'cloudfront:ListTagsForResource', 'global')] },
      },
    },
    {
      name: 'every kind of resource has user tags',
      snapshot: {
        ec2: {
          instances: [{ InstanceId: 'i-1', Tags: T('Name=web') }],
          volumes: [{ VolumeId: 'vol-1', Tags: T('env=prod') }],
          securityGroups: [{ GroupId: 'sg-1', GroupName: 'web', Tags: T('owner=a') }],
        },
        s3: { bucketTagging: [{ Name: 'logs', TagSet: T('owner=a') }] },
        elbv2: { loadBalancers: [{ LoadBalancerArn: albArn, LoadBalancerName: 'web', Arn: albArn }], tags: [{ ResourceArn: albArn, Tags: T('owner=a'), Arn: albArn }] },
        elb: { loadBalancers: [{ LoadBalancerName: 'old', Arn: clbArn('old') }], tags: [{ LoadBalancerName: 'old', Tags: T('owner=a'), Arn: clbArn('old') }] },
      },
    },
    {
      name: 'required keys present; caseInsensitive matches Owner to owner',
      options: { requiredTagKeys: ['owner', 'env'], caseInsensitive: true },
      snapshot: { ec2: { instances: [{ InstanceId: 'i-2', Tags: T('Owner=a', 'ENV=prod') }] } },
    },
    {
      name: 'the default security group is skipped by default',
      notApplicable: true,
      snapshot: { ec2: { securityGroups: [{ GroupId: 'sg-def', GroupName: 'default', Tags: [] }] } },
    },
    {
      name: 'resourceTypes limits what is checked',
      options: { resourceTypes: ['instance'] },
      snapshot: { ec2: { instances: [{ InstanceId: 'i-3', Tags: T('Name=x') }], volumes: [{ VolumeId: 'vol-untagged' }] } },
    },
    {
      name: 'a load balancer with no tag entry (DescribeTags not answered) is not evaluated',
      notApplicable: true,
      snapshot: { elbv2: { loadBalancers: [{ LoadBalancerArn: albArn, LoadBalancerName: 'web', Arn: albArn }], tags: [] } },
    },
  ],
  invalid: [
    ...perType.map((c) => c.invalid),
    {
      name: 'untagged VPC warns without required keys; the default VPC too with excludeDefaultResources false',
      options: { excludeDefaultResources: false },
      snapshot: { ec2: { vpcs: [{ VpcId: 'vpc-def', IsDefault: true }, { VpcId: 'vpc-2', IsDefault: false, Tags: T('aws:cloudformation:stack-name=s') }] } },
      findings: [
        { status: 'warn', resource: 'vpc-def', message: 'vpc vpc-def has no tags of its own' },
        { status: 'warn', resource: 'vpc-2' },
        { status: 'info', resource: ACCOUNT, message: 'vpc 0/2 (0%)' },
      ],
    },
    {
      name: 'the Auto Scaling group itself is reported, whatever its instances carry',
      options: { requiredTagKeys: ['owner'] },
      snapshot: {
        autoscaling: { groups: [{ AutoScalingGroupName: 'web-asg', Tags: [{ Key: 'Name', Value: 'web', PropagateAtLaunch: true }] }] },
        ec2: { instances: [{ InstanceId: 'i-9', Tags: T('owner=a', 'aws:autoscaling:groupName=web-asg') }] },
      },
      findings: [
        { status: 'fail', resource: 'web-asg', message: 'autoscaling-group web-asg is missing required tag: owner' },
        { status: 'info', resource: ACCOUNT, message: 'instance 1/1 (100%), autoscaling-group 0/1 (0%)' },
      ],
      passes: ['i-9'],
    },
    {
      name: 'an opt-in type whose tags could not be read is an ERROR for that resource, never a pass or a missing-tag FAIL',
      options: { resourceTypes: ['cloudfront-distribution'], requiredTagKeys: ['owner'] },
      snapshot: {
        cloudfront: {
          distributions: [
            { Id: 'E1', Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E1' },
            { Id: 'E2', Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E2' },
          ],
          distributionTags: [{ Id: 'E2', Tags: T('owner=a'), Region: 'global', Arn: 'arn:aws:cloudfront::123456789012:distribution/E2' }],
          errors: [err('cloudfront.distributionTags', 'cloudfront:ListTagsForResource', 'global', 'arn:aws:cloudfront::123456789012:distribution/E1')],
        },
      },
      findings: [
        { status: 'error', messageId: 'tagsUnread', resource: 'E1', message: 'cloudfront-distribution E1 not checked: its tags could not be read' },
        { status: 'info', messageId: 'engine/context-unavailable' },
        { status: 'info', resource: ACCOUNT, message: 'cloudfront-distribution 1/1 (100%)' },
      ],
      passes: ['E2'],
    },
    {
      name: 'an opt-in type whose tag dataset failed in a whole region: every resource there is an ERROR',
      options: { resourceTypes: ['alarm'] },
      snapshot: {
        cloudwatch: { alarms: [{ AlarmName: 'cpu-high', AlarmType: 'MetricAlarm', Arn: A('cloudwatch', 'alarm:cpu-high') }], errors: [err('cloudwatch.alarmTags', 'cloudwatch:ListTagsForResource', 'us-east-1')] },
      },
      findings: [{ status: 'error', messageId: 'tagsUnread', resource: 'cpu-high' }, { status: 'info', messageId: 'engine/context-unavailable' }],
    },
    {
      name: 'an opt-in type whose list failed in a region is an ERROR for that region; one not in the snapshot at all is an ERROR',
      options: { resourceTypes: ['subnet', 'emr-cluster'] },
      snapshot: { ec2: { subnets: [], errors: [err('ec2.subnets', 'ec2:DescribeSubnets', 'us-east-1')] } },
      findings: [
        { status: 'error', messageId: 'listUnread', region: 'us-east-1', message: 'subnet resources in us-east-1 not checked: ec2.subnets could not be read' },
        { status: 'error', messageId: 'notCollected', message: 'emr-cluster resources not checked: the snapshot has no emr.clusters' },
        { status: 'info', messageId: 'engine/context-unavailable' },
      ],
    },
    {
      name: 'organization tag policies: none is an INFO saying so',
      snapshot: { ...tagPolicies({ Policies: [] }), ec2: { instances: [{ InstanceId: 'i-1', Tags: T('Name=a') }] } },
      findings: [
        { status: 'info', messageId: 'noTagPolicy', resource: ACCOUNT },
        { status: 'info', messageId: 'compliance' },
      ],
      passes: ['i-1'],
    },
    {
      name: 'organization tag policies: existing ones are named in an INFO',
      snapshot: { ...tagPolicies({ Policies: [{ Id: 'p-1', Name: 'cost-tags', Type: 'TAG_POLICY' }] }) },
      findings: [{ status: 'info', messageId: 'tagPolicies', message: 'The organization has 1 tag policy (cost-tags)' }],
    },
    {
      name: 'organization tag policies: not readable from a member account is an INFO, not an error',
      snapshot: { ...tagPolicies({ Policies: null }) },
      findings: [{ status: 'info', messageId: 'tagPoliciesNotReadable' }],
    },
    {
      name: 'no required keys configured: WARN per resource with zero user tags (aws: tags do not count)',
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-asg', Tags: T('aws:autoscaling:groupName=web', 'aws:cloudformation:stack-name=s') },
            { InstanceId: 'i-ok', Tags: T('Name=a') },
          ],
          volumes: [{ VolumeId: 'vol-none' }],
        },
        s3: { bucketTagging: [{ Name: 'untagged-bucket', TagSet: [] }] },
      },
      findings: [
        { status: 'warn', severity: 'low', resource: 'i-asg', message: 'instance i-asg has no tags of its own (aws: tags do not count)' },
        { status: 'warn', severity: 'low', resource: 'vol-none' },
        { status: 'warn', severity: 'low', resource: 'untagged-bucket' },
        { status: 'info', resource: ACCOUNT, message: 'instance 1/2 (50%), volume 0/1 (0%), s3-bucket 0/1 (0%)' },
      ],
      passes: ['i-ok'],
    },
    {
      name: 'required keys: FAIL low naming the missing keys; case-sensitive by default',
      options: { requiredTagKeys: ['owner', 'env'] },
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-10', Tags: T('Owner=a') },
            { InstanceId: 'i-11', Tags: T('owner=a') },
            { InstanceId: 'i-12', Tags: T('owner=a', 'env=prod') },
          ],
        },
      },
      findings: [
        { status: 'fail', severity: 'low', resource: 'i-10', message: 'instance i-10 is missing required tags: owner, env' },
        { status: 'fail', severity: 'low', resource: 'i-11', message: 'missing required tag: env' },
        { status: 'info', resource: ACCOUNT, message: 'Resources that carry owner, env: instance 1/3 (33%)' },
      ],
      passes: ['i-12'],
    },
    {
      name: 'a required key set only as an aws: tag does not count',
      options: { requiredTagKeys: ['aws:cloudformation:stack-name'] },
      snapshot: { ec2: { instances: [{ InstanceId: 'i-13', Tags: T('aws:cloudformation:stack-name=s') }] } },
      findings: [{ status: 'fail', resource: 'i-13' }, { status: 'info', resource: ACCOUNT }],
    },
    {
      name: 'excludeDefaultResources false includes the default security group',
      options: { excludeDefaultResources: false },
      snapshot: { ec2: { securityGroups: [{ GroupId: 'sg-def', GroupName: 'default' }] } },
      findings: [{ status: 'warn', resource: 'sg-def', message: 'security-group sg-def (default)' }, { status: 'info', resource: ACCOUNT }],
    },
    {
      name: 'load balancers: ALB tags from elbv2.tags, Classic from elb.tags',
      options: { requiredTagKeys: ['owner'] },
      snapshot: {
        elbv2: {
          loadBalancers: [{ LoadBalancerArn: albArn, LoadBalancerName: 'web', Arn: albArn }],
          tags: [{ ResourceArn: albArn, Tags: T('env=prod'), Arn: albArn }],
        },
        elb: {
          loadBalancers: [{ LoadBalancerName: 'old', Arn: clbArn('old') }, { LoadBalancerName: 'other', Region: 'eu-west-1', Arn: clbArn('other', 'eu-west-1') }],
          tags: [
            { LoadBalancerName: 'old', Tags: T('owner=x'), Arn: clbArn('old') },
            { LoadBalancerName: 'other', Region: 'eu-west-1', Tags: [], Arn: clbArn('other', 'eu-west-1') },
          ],
        },
        meta: { regions: ['us-east-1', 'eu-west-1'] },
      },
      findings: [
        { status: 'fail', resource: 'web', message: 'load-balancer web is missing required tag: owner' },
        { status: 'fail', resource: 'other', region: 'eu-west-1', message: 'other (Classic)' },
        { status: 'info', resource: ACCOUNT, message: 'load-balancer 1/3 (33%)' },
      ],
      passes: ['old'],
    },
  ],
});
