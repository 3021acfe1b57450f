import rule from '../../../rules/application/app-central-log-access.js';
import { RuleTester } from '../../rule-tester.js';

// TEST_NOW is 2026-11-01T12:00:00Z.
const NOW = Date.parse('2026-11-01T12:00:00Z');
const DAY = 86_400_000;
const inst = (id: string, extra: Record<string, unknown> = {}) => ({ InstanceId: id, State: { Name: 'running' }, ...extra });
const group = (logGroupName: string, ageDays?: number, extra: Record<string, unknown> = {}) => ({
  logGroupName,
  lastEventChecked: true,
  ...(ageDays === undefined ? {} : { lastEventTimestamp: NOW - ageDays * DAY }),
  ...extra,
});
const ecsCluster = (clusterName: string, extra: Record<string, unknown> = {}) => ({
  clusterName,
  clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}`,
  status: 'ACTIVE',
  runningTasksCount: 0,
  activeServicesCount: 0,
  ...extra,
});
const eksCluster = (name: string, status = 'ACTIVE') => ({ name, arn: `arn:aws:eks:us-east-1:123456789012:cluster/${name}`, status });
const denied = (dataset: string, region = 'us-east-1') => ({
  dataset,
  service: dataset.split('.')[0],
  region,
  operation: dataset.startsWith('ecs') ? 'ecs:ListClusters' : 'eks:ListClusters',
  code: 'AccessDenied',
  message: 'denied',
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'an application log group with a recent event passes',
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [group('/app/web', 1)] },
        cloudwatch: { agentMetrics: [] },
      },
    },
    {
      name: 'CloudWatch agent metrics pass, and instances reporting them are covered',
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [] },
        cloudwatch: { agentMetrics: [{ Namespace: 'CWAgent', InstanceId: 'i-1', MetricNames: ['mem_used_percent'], Count: 3 }] },
        ssm: { instanceInformation: [] },
      },
    },
    {
      name: 'no running instance: nothing to evaluate, even without logs',
      notApplicable: true,
      snapshot: { ec2: { instances: [inst('i-off', { State: { Name: 'stopped' } })] }, logs: { logGroups: [] }, cloudwatch: { agentMetrics: [] } },
    },
    {
      name: 'logging.externalPlatform attests a third-party platform',
      options: { logging: { externalPlatform: true } },
      snapshot: { ec2: { instances: [inst('i-1')] }, logs: { logGroups: [] }, cloudwatch: { agentMetrics: [] } },
    },
    {
      name: 'a recent ingestion time counts even when the last event timestamp lags',
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [group('/app/web', 30, { lastIngestionTime: NOW - DAY })] },
        cloudwatch: { agentMetrics: [] },
      },
    },
    {
      name: 'idle ECS clusters (no task, no service) and a non-ACTIVE EKS cluster put no region in scope',
      notApplicable: true,
      snapshot: {
        ec2: { instances: [] },
        logs: { logGroups: [] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [ecsCluster('idle'), ecsCluster('gone', { status: 'INACTIVE', runningTasksCount: 3 })] },
        eks: { clusters: [eksCluster('new', 'CREATING')] },
      },
    },
    {
      name: 'a region running only ECS tasks passes on a recent application log group',
      snapshot: {
        ec2: { instances: [] },
        logs: { logGroups: [group('/ecs/web', 1)] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [ecsCluster('web', { runningTasksCount: 2 })] },
        eks: { clusters: [] },
      },
    },
  ],
  invalid: [
    {
      name: 'only AWS-service log groups and stale app logs: warn low',
      snapshot: {
        ec2: { instances: [inst('i-1'), inst('i-2')] },
        logs: {
          logGroups: [
            group('/aws/lambda/fn', 0, { lastEventChecked: false }),
            group('RDSOSMetrics', 0),
            group('/app/old', 10),
            group('/app/empty'),
          ],
        },
        cloudwatch: { agentMetrics: [] },
      },
      findings: [{ status: 'warn', messageId: 'noLogs', severity: 'low', region: 'us-east-1', message: /2 running instance\(s\) but no application log group/ }],
    },
    {
      name: 'logRecencyDays and ignoreLogGroupPrefixes are configurable',
      options: { logRecencyDays: 3, ignoreLogGroupPrefixes: ['/app/'] },
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [group('/app/web', 1), group('/svc/api', 5)] },
        cloudwatch: { agentMetrics: [] },
      },
      findings: [{ status: 'warn' }],
    },
    {
      name: 'instances neither SSM-online nor reporting agent metrics are listed (info)',
      snapshot: {
        ec2: { instances: [inst('i-ssm'), inst('i-agent'), inst('i-blind'), inst('i-lost')] },
        logs: { logGroups: [group('/app/web', 0)] },
        cloudwatch: { agentMetrics: [{ Namespace: 'CWAgent', InstanceId: 'i-agent', MetricNames: ['disk_used_percent'], Count: 1 }] },
        ssm: {
          instanceInformation: [
            { InstanceId: 'i-ssm', PingStatus: 'Online' },
            { InstanceId: 'i-lost', PingStatus: 'ConnectionLost' },
          ],
        },
      },
      findings: [{ status: 'info', messageId: 'unreachableInstances', message: /2 running instance\(s\) neither online/, evidence: { instances: ['i-blind', 'i-lost'] } }],
    },
    {
      name: 'evaluated per region: a region without logs warns while another passes',
      snapshot: {
        meta: { regions: ['us-east-1', 'eu-west-1'] },
        ec2: { instances: [inst('i-us', { Region: 'us-east-1' }), inst('i-eu', { Region: 'eu-west-1' })] },
        logs: { logGroups: [group('/app/web', 0, { Region: 'us-east-1' })] },
        cloudwatch: { agentMetrics: [] },
      },
      findings: [{ status: 'warn', region: 'eu-west-1' }],
    },
    {
      name: 'a log group whose last event time could not be read is not a warning',
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [group('/app/web', undefined, { lastEventChecked: false })] },
        cloudwatch: { agentMetrics: [] },
      },
      findings: [{ status: 'info', messageId: 'lastEventUnknown', message: /could not be read/ }],
    },
    {
      name: 'a region with only an ECS service and no application logs is in scope: warn',
      snapshot: {
        ec2: { instances: [] },
        logs: { logGroups: [group('/aws/eks/k8s/cluster', 0)] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [ecsCluster('api', { activeServicesCount: 1 })] },
        eks: { clusters: [] },
      },
      findings: [{ status: 'warn', messageId: 'noLogs', region: 'us-east-1', message: /ECS cluster\(s\) api but no application log group/, evidence: { ecsClusters: ['api'] } }],
    },
    {
      name: 'a region with only an ACTIVE EKS cluster is in scope (control plane logs under /aws/eks/ do not count)',
      snapshot: {
        ec2: { instances: [] },
        logs: { logGroups: [group('/aws/eks/k8s/cluster', 0)] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [] },
        eks: { clusters: [eksCluster('k8s')] },
      },
      findings: [{ status: 'warn', messageId: 'noLogs', message: /EKS cluster\(s\) k8s/, evidence: { eksClusters: ['k8s'] } }],
    },
    {
      name: 'ECS or EKS clusters unread in a region without instances: error, neither not-applicable nor pass',
      snapshot: {
        meta: { regions: ['us-east-1', 'eu-west-1'] },
        ec2: { instances: [] },
        logs: { logGroups: [group('/app/web', 0, { Region: 'eu-west-1' })] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [], errors: [denied('ecs.clusters', 'eu-west-1')] },
        eks: { clusters: [], errors: [denied('eks.clusters', 'eu-west-1')] },
      },
      findings: [
        { status: 'error', messageId: 'containersUnread', region: 'eu-west-1', message: /ECS and EKS clusters could not be read/ },
        { status: 'info', messageId: 'engine/context-unavailable' },
        { status: 'info', messageId: 'engine/context-unavailable' },
      ],
    },
    {
      name: 'a region with running instances is judged as before even when its ECS clusters could not be read',
      snapshot: {
        ec2: { instances: [inst('i-1')] },
        logs: { logGroups: [group('/app/web', 0)] },
        cloudwatch: { agentMetrics: [] },
        ecs: { clusters: [], errors: [denied('ecs.clusters')] },
        eks: { clusters: [] },
      },
      findings: [{ status: 'info', messageId: 'engine/context-unavailable' }],
      passes: ['123456789012'],
    },
  ],
});
