/**
 * Least privilege, proven against moto: `aws-tips collect` (every rule) runs through the fault proxy,
 * which logs every request that leaves the process. Mapped to IAM actions, that set must equal the
 * actions of `aws-tips policy`: nothing missing (the policy would fail a real audit), nothing extra
 * (the policy would grant more than is used). The account is seeded so that every call a collector
 * makes only when a resource exists (prefix lists, log streams, EMR steps, event targets...) is made.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateLaunchTemplateCommand,
  CreateManagedPrefixListCommand,
  DescribeImagesCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { EMRClient, RunJobFlowCommand } from '@aws-sdk/client-emr';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { ConfigServiceClient, PutConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateClusterCommand as CreateEcsClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CreateClusterCommand as CreateEksClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateCacheClusterCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamActionFor, type IamPolicy } from '../../src/aws/policy.js';
import { SDK_SERVICES } from '../../src/aws/services.js';
import { startFaultProxy, type FaultProxy, type RequestRecord } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS, requireMotoOrSkip, useMoto } from '../support/moto.js';
import { seedAccount } from '../support/seed.js';
import { isolatedEnv, runAsync, type RunResult } from './run.js';

const hasMoto = requireMotoOrSkip();

/**
 * Actions of the policy that collection legitimately does not send against moto, each with the
 * reason. Only consulted when the policy holds the action (its rule exists); if one of them IS sent
 * one day (moto learned the call), the test says to remove it from here.
 */
const NOT_SENT_AGAINST_MOTO: Record<string, string> = {
  'cloudwatch:GetMetricData':
    'servicequotas.quotas reads quota usage with GetMetricData only for quotas that have a usage metric; moto 5.2.1 ' +
    'does not implement servicequotas:ListServiceQuotas, so the dataset fails before any quota reaches GetMetricData',
  'cloudtrail:GetEventDataStore':
    'cloudtrail.eventDataStores reads each store listed by ListEventDataStores; moto 5.2.1 does not implement ' +
    'CloudTrail Lake (ListEventDataStores fails), so no store reaches GetEventDataStore',
  'iam:ListMFADevices':
    'iam.unreportedUsers reads MFA devices only for users the credential report does not describe; moto generates ' +
    'the report at collection time, after every seeded user was created, so there is none',
  'iam:GetLoginProfile': 'as iam:ListMFADevices: only for users missing from the credential report, none against moto',
};

/** Read verbs (API operations); iam:GenerateCredentialReport only asks IAM to build the report. */
const READ_OPERATION = /^[a-z0-9-]+:(Describe|List|Get)[A-Z]/;
const WRITE_EXCEPTIONS = new Set(['iam:GenerateCredentialReport']);
/** IAM actions whose name is not a Describe/List/Get verb although the calls are: Budgets' Describe* calls need ViewBudget. */
const READ_ACTION_EXCEPTIONS = new Set(['budgets:ViewBudget', 'iam:GenerateCredentialReport']);

/** SigV4 signing names that differ from the IAM prefix (the proxy logs the signing name). */
const SIGNING_TO_IAM: Record<string, string> = { monitoring: 'cloudwatch' };
const KNOWN_PREFIXES = new Set(Object.values(SDK_SERVICES).map((s) => s.iamPrefix));

/** S3 Control signs as s3 and its paths start with /v20180820/: the operations aws-tips sends, by method and path. */
const S3CONTROL_OPERATIONS: Record<string, string> = { 'GET /v20180820/configuration/publicAccessBlock': 'GetPublicAccessBlock' };

function operationOf(r: RequestRecord): string {
  if (r.service === 's3' && r.path.startsWith('/v20180820/')) {
    const op = S3CONTROL_OPERATIONS[`${r.method} ${r.path.split('?')[0]}`];
    if (!op) throw new Error(`an S3 Control request this test does not know: ${r.method} ${r.path}`);
    return `s3control:${op}`;
  }
  const prefix = SIGNING_TO_IAM[r.service] ?? r.service;
  if (!KNOWN_PREFIXES.has(prefix)) throw new Error(`request to an unknown service ${r.service}: ${r.method} ${r.path}`);
  return `${prefix}:${r.operation}`;
}

const cfg = (endpoint: string, region = 'us-east-1') => ({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 2 });

/** Resources whose presence makes a collector send its per-resource calls (on top of seedAccount). */
async function seedEveryDataset(endpoint: string): Promise<void> {
  const ec2 = new EC2Client(cfg(endpoint));
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  const vpcId = Vpcs.find((v) => v.IsDefault)!.VpcId!;
  // A security group that references a managed prefix list: DescribeManagedPrefixLists + GetManagedPrefixListEntries.
  const { PrefixList } = await ec2.send(
    new CreateManagedPrefixListCommand({ PrefixListName: 'office', MaxEntries: 5, AddressFamily: 'IPv4', Entries: [{ Cidr: '198.51.100.0/24' }] }),
  );
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'office-ssh', Description: 'office', VpcId: vpcId }));
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: PrefixList!.PrefixListId }] }],
    }),
  );
  // An Auto Scaling group launched from a launch template: DescribeLaunchTemplateVersions.
  const { Images = [] } = await ec2.send(new DescribeImagesCommand({}));
  await ec2.send(
    new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: Images[0]!.ImageId, InstanceType: 't3.micro' } }),
  );
  await new AutoScalingClient(cfg(endpoint)).send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web',
      LaunchTemplate: { LaunchTemplateName: 'web', Version: '$Latest' },
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      AvailabilityZones: ['us-east-1a'],
    }),
  );
  // A Classic Load Balancer: elb.tags (DescribeTags, API version 2012-06-01).
  await new ElasticLoadBalancingClient(cfg(endpoint)).send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: 'classic',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      AvailabilityZones: ['us-east-1a'],
    }),
  );
  // An application log group with an event: DescribeLogStreams.
  const logs = new CloudWatchLogsClient(cfg(endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/web' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/app/web', logStreamName: 'i-1' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: '/app/web', logStreamName: 'i-1', logEvents: [{ timestamp: Date.now(), message: 'hello' }] }));
  // An enabled rule on RDS events with a target: ListTargetsByRule (only such rules have their targets listed).
  const events = new EventBridgeClient(cfg(endpoint));
  await events.send(new PutRuleCommand({ Name: 'rds-events', EventPattern: JSON.stringify({ source: ['aws.rds'] }), State: 'ENABLED' }));
  await events.send(new PutTargetsCommand({ Rule: 'rds-events', Targets: [{ Id: 'ops', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' }] }));
  // A hosted zone: ListResourceRecordSets.
  await new Route53Client(cfg(endpoint)).send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'policy-test' }));
  // A running EMR cluster: ListSteps.
  await new EMRClient(cfg(endpoint)).send(
    new RunJobFlowCommand({
      Name: 'etl',
      ReleaseLabel: 'emr-6.15.0',
      Instances: { MasterInstanceType: 'm5.xlarge', SlaveInstanceType: 'm5.xlarge', InstanceCount: 1, KeepJobFlowAliveWhenNoSteps: true },
      JobFlowRole: 'EMR_EC2_DefaultRole',
      ServiceRole: 'EMR_DefaultRole',
    }),
  );
  // A GuardDuty detector: GetDetector. A Config recorder: DescribeConfigurationRecorderStatus has one to report on.
  await new GuardDutyClient(cfg(endpoint)).send(new CreateDetectorCommand({ Enable: true }));
  await new ConfigServiceClient(cfg(endpoint)).send(
    new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config' } }),
  );
  // An alarm, a cache cluster and a distribution: their ListTagsForResource (tags-required-keys reads every type's tags).
  await new CloudWatchClient(cfg(endpoint)).send(
    new PutMetricAlarmCommand({
      AlarmName: 'cpu-high', Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300,
      EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: 'GreaterThanThreshold',
    }),
  );
  await new ElastiCacheClient(cfg(endpoint)).send(new CreateCacheClusterCommand({ CacheClusterId: 'sessions', Engine: 'memcached', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 1 }));
  await new CloudFrontClient(cfg(endpoint)).send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: 'policy-test',
        Comment: '',
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: 'site.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
        DefaultCacheBehavior: { TargetOriginId: 'site', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }),
  );
  // An ECS and an EKS cluster: DescribeClusters / DescribeCluster (only listed clusters are described).
  await new ECSClient(cfg(endpoint)).send(new CreateEcsClusterCommand({ clusterName: 'web' }));
  await new EKSClient(cfg(endpoint)).send(
    new CreateEksClusterCommand({ name: 'k8s', roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: { subnetIds: [] } }),
  );
}

interface Run {
  collect: RunResult;
  policy: IamPolicy;
  requests: RequestRecord[];
}

describe.skipIf(!hasMoto)('least privilege: the policy equals what collection sends', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let dir: string;
  // Fewer retries: calls moto does not implement answer 500, which the SDK retries as transient.
  const env = () => isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_MAX_ATTEMPTS: '2' });

  async function collectAndPolicy(ruleArgs: string[]): Promise<Run> {
    proxy.clear();
    const out = join(dir, `snapshot-${Date.now()}.json`);
    const collect = await runAsync(
      // --allow-incomplete: the calls moto lacks are not collected (collect names each and would exit 3).
      ['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1,eu-west-1', '--timeout', '20', '--output', out, '--allow-incomplete', ...ruleArgs],
      { cwd: dir, env: env() },
    );
    const requests = [...proxy.requests];
    const p = await runAsync(['policy', ...ruleArgs], { cwd: dir, env: env() });
    expect(p.code, p.stderr).toBe(0);
    return { collect, policy: JSON.parse(p.stdout) as IamPolicy, requests };
  }

  const sentOperations = (run: Run) => new Set(run.requests.map(operationOf));
  const sentActions = (run: Run) => new Set([...sentOperations(run)].map(iamActionFor).filter((a): a is string => a !== null));
  const policyActions = (run: Run) => new Set(run.policy.Statement.flatMap((s) => s.Action));

  let all: Run;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-tips-policy-'));
    await seedAccount(moto.url);
    await seedEveryDataset(moto.url);
    proxy = await startFaultProxy({ target: moto.url });
    all = await collectAndPolicy([]);
  }, 180_000);
  afterAll(async () => {
    await proxy?.stop();
  });

  it('collection succeeds and sends requests through the proxy', () => {
    // Only what collect says: what it wrote and each dataset and region not collected (moto's gaps).
    expect(all.collect.stderr.split('\n').filter((l) => l && !/^aws-tips: (wrote |not collected: |\d+ dataset\/region part)/.test(l))).toEqual([]);
    expect(all.collect.code).toBe(0);
    expect(all.requests.length).toBeGreaterThan(20);
  });

  it('sends no operation outside Describe*/List*/Get* (+ iam:GenerateCredentialReport)', () => {
    const writes = [...sentOperations(all)].filter((op) => !READ_OPERATION.test(op) && !WRITE_EXCEPTIONS.has(op));
    expect(writes).toEqual([]);
  });

  it('the policy grants only read actions', () => {
    const actions = [...policyActions(all)];
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => !READ_OPERATION.test(a) && !READ_ACTION_EXCEPTIONS.has(a))).toEqual([]);
    expect(all.policy.Statement.every((s) => s.Effect === 'Allow' && s.Resource === '*')).toBe(true);
  });

  it('nothing missing: every action sent is in the policy', () => {
    const missing = [...sentActions(all)].filter((a) => !policyActions(all).has(a)).sort();
    expect(missing).toEqual([]);
  });

  it('nothing extra: every action of the policy was sent (except the listed moto gaps)', () => {
    const sent = sentActions(all);
    const extra = [...policyActions(all)].filter((a) => !sent.has(a) && !(a in NOT_SENT_AGAINST_MOTO)).sort();
    expect(extra).toEqual([]);
  });

  it('every listed moto gap is still one (remove it here once collection sends it)', () => {
    const sent = sentActions(all);
    const stale = Object.keys(NOT_SENT_AGAINST_MOTO).filter((a) => sent.has(a));
    expect(stale).toEqual([]);
  });

  it('per rule selection: policy --rule equals what collect --rule sends', async () => {
    const one = await collectAndPolicy(['--rule', 'elb-tls-terminated-at-lb,s3-bucket-name-no-dots']);
    expect(one.collect.code, one.collect.stderr).toBe(0);
    expect([...sentActions(one)].sort()).toEqual([...policyActions(one)].sort());
    // Nothing from services those rules do not need.
    expect([...sentOperations(one)].filter((op) => /^(iam|cloudtrail|ec2:DescribeInstances)/.test(op))).toEqual([]);
  }, 60_000);

  it('a suppression by tags: collection also reads the tag datasets, and the policy --config grants every one of them', async () => {
    const config = join(dir, 'tags.yml');
    writeFileSync(config, 'suppressions:\n  - rule: "*"\n    resource: "*"\n    tags: { Role: bastion }\n    reason: bastion hosts\n');
    const tagged = await collectAndPolicy(['--config', config]);
    expect(tagged.collect.code, tagged.collect.stderr).toBe(0);
    expect([...sentOperations(tagged)].filter((op) => !READ_OPERATION.test(op) && !WRITE_EXCEPTIONS.has(op))).toEqual([]);
    // Nothing missing: every action sent is granted.
    expect([...sentActions(tagged)].filter((a) => !policyActions(tagged).has(a)).sort()).toEqual([]);
    // The seeded load balancers, target group, trail and EMR cluster had their tags read (no rule reports on a
    // hosted zone itself, only on its record sets, so route53.hostedZoneTags is not needed).
    const sentTagged = sentOperations(tagged);
    expect(['elasticloadbalancing:DescribeTags', 'cloudtrail:ListTags', 'elasticmapreduce:DescribeCluster'].filter((op) => !sentTagged.has(op))).toEqual([]);
    // Without a suppression by tags they are made too: tags-required-keys reads the tags of every type it can judge.
    expect(['cloudtrail:ListTags', 'route53:ListTagsForResources', 'elasticmapreduce:DescribeCluster'].filter((op) => !sentOperations(all).has(op))).toEqual([]);
  }, 120_000);
});

/**
 * The actions of SecurityAudit (v91, 2026-07-21) and ViewOnlyAccess (v46, 2026-09-30) for the
 * services aws-tips reads, as those policies list them (wildcards kept). If a rule starts reading
 * another service, add that service's entries of both policies here (and update the README).
 */
const MANAGED_PATTERNS: Record<string, string[]> = {
  'access-analyzer': ['access-analyzer:GetAnalyzedResource', 'access-analyzer:GetAnalyzer', 'access-analyzer:GetArchiveRule', 'access-analyzer:GetFinding', 'access-analyzer:ListAnalyzedResources', 'access-analyzer:ListAnalyzers', 'access-analyzer:ListArchiveRules', 'access-analyzer:ListFindings', 'access-analyzer:ListTagsForResource'],
  autoscaling: ['autoscaling:Describe*'],
  budgets: [],
  cloudfront: ['cloudfront:Get*', 'cloudfront:List*'],
  cloudtrail: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventDataStore', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors', 'cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListTags', 'cloudtrail:ListTrails', 'cloudtrail:LookupEvents', 'cloudtrail:ListEventDataStores'],
  cloudwatch: ['cloudwatch:Describe*', 'cloudwatch:GetDashboard', 'cloudwatch:ListDashboards', 'cloudwatch:ListTagsForResource', 'cloudwatch:Get*', 'cloudwatch:List*'],
  config: ['config:Describe*', 'config:Get*', 'config:List*'],
  ec2: ['ec2:Describe*', 'ec2:GetManagedPrefixListEntries', 'ec2:GetManagedPrefixListAssociations', 'ec2:GetEbsDefaultKmsKeyId', 'ec2:GetEbsEncryptionByDefault'],
  ecs: ['ecs:Describe*', 'ecs:List*'],
  eks: ['eks:Describe*', 'eks:List*'],
  elasticache: ['elasticache:Describe*', 'elasticache:ListTagsForResource'],
  elasticloadbalancing: ['elasticloadbalancing:Describe*'],
  elasticmapreduce: ['elasticmapreduce:Describe*', 'elasticmapreduce:ListClusters', 'elasticmapreduce:ListInstances', 'elasticmapreduce:ListSecurityConfigurations', 'elasticmapreduce:List*'],
  events: ['events:Describe*', 'events:List*', 'events:TestEventPattern'],
  guardduty: ['guardduty:Get*', 'guardduty:List*', 'guardduty:DescribeOrganizationConfiguration', 'guardduty:DescribePublishingDestination', 'guardduty:DescribeMalwareScans'],
  iam: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'],
  kms: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
  logs: ['logs:Describe*', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
  organizations: ['organizations:Describe*', 'organizations:List*'],
  rds: ['rds:Describe*', 'rds:ListTagsForResource'],
  route53: ['route53:Get*', 'route53:List*'],
  s3: ['s3:GetBucket*', 's3:ListAllMyBuckets', 's3:ListBucket', 's3:GetAccountPublicAccessBlock', 's3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration'],
  savingsplans: [],
  securityhub: ['securityhub:Describe*', 'securityhub:Get*', 'securityhub:List*'],
  servicequotas: ['servicequotas:GetAWSDefaultServiceQuota', 'servicequotas:GetServiceQuota', 'servicequotas:ListAWSDefaultServiceQuotas', 'servicequotas:ListServiceQuotas', 'servicequotas:ListServices', 'servicequotas:ListTagsForResource'],
  ssm: ['ssm:Describe*', 'ssm:ListAssociations', 'ssm:ListDocuments', 'ssm:ListCommands', 'ssm:ListComplianceItems'],
  sso: ['sso:ListInstances', 'sso:ListPermissionSets', 'sso:ListAccountAssignments', 'sso:DescribeInstance'],
};
/** What the managed pair lacks, as the README says. */
const MANAGED_LACKS = ['budgets:ViewBudget', 'savingsplans:DescribeSavingsPlans'];

describe('the policy as documented', () => {
  const current = async () => JSON.parse((await runAsync(['policy'], { env: isolatedEnv() })).stdout) as IamPolicy;

  it('the README shows the current policy (run `npx aws-tips policy` and paste it between the policy markers)', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- policy:start[^>]*-->\s*```json\n([\s\S]*?)```\s*<!-- policy:end -->/.exec(readme);
    expect(block, 'README policy markers').not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(await current());
  });

  it('SecurityAudit + ViewOnlyAccess cover every action but the ones the README names', async () => {
    const matches = (pattern: string, action: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(action);
    const uncovered: string[] = [];
    for (const action of (await current()).Statement.flatMap((s) => s.Action)) {
      const prefix = action.split(':')[0]!;
      const patterns = MANAGED_PATTERNS[prefix];
      if (!patterns) throw new Error(`${action}: add the ${prefix} entries of SecurityAudit and ViewOnlyAccess to MANAGED_PATTERNS`);
      if (!patterns.some((p) => matches(p, action))) uncovered.push(action);
    }
    expect(uncovered.sort()).toEqual(MANAGED_LACKS);
  });

  it('Cost Explorer actions (billed per request) only with --enable-cost-explorer or enable: [cost-explorer] in the config', async () => {
    const ce = (p: IamPolicy) => p.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith('ce:'));
    const base = await current();
    expect(ce(base)).toEqual([]);
    const flagged = JSON.parse((await runAsync(['policy', '--enable-cost-explorer'], { env: isolatedEnv() })).stdout) as IamPolicy;
    expect(ce(flagged)).toEqual(['ce:GetAnomalySubscriptions', 'ce:GetReservationCoverage', 'ce:GetSavingsPlansCoverage']);
    expect(flagged.Statement.flatMap((s) => s.Action).filter((a) => !a.startsWith('ce:'))).toEqual(base.Statement.flatMap((s) => s.Action));
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-optin-'));
    writeFileSync(join(dir, 'cfg.yml'), 'enable: [cost-explorer]\n');
    const configured = JSON.parse((await runAsync(['policy', '--config', join(dir, 'cfg.yml')], { env: isolatedEnv() })).stdout) as IamPolicy;
    expect(configured).toEqual(flagged);
  });
});
