import rule from '../../../rules/ec2-vpc/tags-required-keys.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const T = (...kv: string[]) => kv.map((s) => ({ Key: s.split('=')[0], Value: s.split('=')[1] ?? '' }));
const ACCOUNT = `arn:aws:account::${TEST_ACCOUNT}:account`;
const albArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1';

RuleTester.run(rule, {
  valid: [
    {
      name: 'every kind of resource has user tags',
      snapshot: {
        ec2: {
          instances: [{ InstanceId: 'i-1', Tags: T('Name=web') }],
          volumes: [{ VolumeId: 'vol-1', Tags: T('env=prod') }],
          securityGroups: [{ GroupId: 'sg-1', GroupName: 'web', Tags: T('owner=a') }],
        },
        s3: { bucketTagging: [{ Name: 'logs', TagSet: T('owner=a') }] },
        elbv2: { loadBalancers: [{ LoadBalancerArn: albArn, LoadBalancerName: 'web', Arn: albArn }], tags: [{ ResourceArn: albArn, Tags: T('owner=a') }] },
        elb: { loadBalancers: [{ LoadBalancerName: 'old' }], tags: [{ LoadBalancerName: 'old', Tags: T('owner=a') }] },
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
          tags: [{ ResourceArn: albArn, Tags: T('env=prod') }],
        },
        elb: {
          loadBalancers: [{ LoadBalancerName: 'old' }, { LoadBalancerName: 'other', Region: 'eu-west-1' }],
          tags: [{ LoadBalancerName: 'old', Tags: T('owner=x') }, { LoadBalancerName: 'other', Region: 'eu-west-1', Tags: [] }],
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
