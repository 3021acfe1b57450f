import rule from '../../../rules/cloudwatch/cw-custom-metrics-present.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const EU = 'eu-west-1';
const instance = (id: string, over: Record<string, unknown> = {}) => ({ InstanceId: id, State: { Name: 'running' }, PlatformDetails: 'Linux/UNIX', ...over });
const metric = (Namespace: string, MetricName: string, Region = 'us-east-1') => ({
  Namespace,
  MetricName,
  Count: 1,
  Region,
  Arn: `arn:aws:cloudwatch:${Region}:${TEST_ACCOUNT}:metric/${Namespace}/${MetricName}`,
});
const agent = (InstanceId: string | null, MetricNames: string[], Region = 'us-east-1') => ({
  Namespace: 'CWAgent',
  InstanceId,
  MetricNames,
  Region,
  Arn: `arn:aws:cloudwatch:${Region}:${TEST_ACCOUNT}:metric/CWAgent/${InstanceId ?? 'none'}`,
});
const snap = (instances: unknown[], customMetrics: unknown[], agentMetrics?: unknown[]) => ({
  ec2: { instances },
  cloudwatch: { customMetrics, ...(agentMetrics ? { agentMetrics } : {}) },
  meta: { regions: ['us-east-1', EU] },
});

RuleTester.run(rule, {
  valid: [
    { name: 'an application namespace', snapshot: snap([instance('i-1')], [metric('MyApp', 'OrdersPlaced')]) },
    { name: 'CWAgent counts as custom, agent on the instance', snapshot: snap([instance('i-1')], [metric('CWAgent', 'mem_used_percent')], [agent('i-1', ['mem_used_percent', 'disk_used_percent'])]) },
    { name: 'regions without running instances are not applicable', notApplicable: true, snapshot: snap([instance('i-1', { State: { Name: 'stopped' } })], []) },
    { name: 'Windows instances need no Linux agent metrics', snapshot: snap([instance('i-w', { Platform: 'windows', PlatformDetails: 'Windows' })], [metric('MyApp', 'x')], []) },
    {
      name: 'agent metrics aggregated without InstanceId cannot be attributed',
      snapshot: snap([instance('i-1')], [metric('CWAgent', 'mem_used_percent')], [agent(null, ['mem_used_percent'])]),
    },
  ],
  invalid: [
    {
      name: 'only AWS-owned namespaces in a region with compute',
      snapshot: snap([instance('i-1'), instance('i-2', { Region: EU })], [metric('ContainerInsights', 'node_cpu_utilization'), metric('MyApp', 'x', EU)]),
      findings: [{ status: 'warn', messageId: 'noCustomMetrics', severity: 'low', region: 'us-east-1', message: /us-east-1 runs 1 instance\(s\) but publishes no custom metric/ }],
      passes: [TEST_ACCOUNT],
    },
    {
      name: 'awsOwnedNamespaces is configurable',
      options: { awsOwnedNamespaces: ['MyApp'] },
      snapshot: snap([instance('i-1')], [metric('MyApp', 'x')]),
      findings: [{ status: 'warn', region: 'us-east-1' }],
    },
    {
      name: 'Linux instance without CWAgent memory or disk metrics',
      snapshot: snap([instance('i-1'), instance('i-2')], [metric('CWAgent', 'mem_used_percent')], [agent('i-1', ['mem_used_percent']), agent('i-2', ['cpu_usage_idle'])]),
      findings: [{ status: 'info', messageId: 'noAgentMetrics', resource: 'i-2', message: /no CWAgent disk_used_percent\/mem_used_percent metric/ }],
    },
  ],
});
