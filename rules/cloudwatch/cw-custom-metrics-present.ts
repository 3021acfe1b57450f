import { z } from 'zod';
import { defineRule, info, pass, warn } from '../../src/rule.js';

const AGENT_METRICS = ['disk_used_percent', 'mem_used_percent'];

export default defineRule({
  id: 'cw-custom-metrics-present',
  section: 'cloudwatch',
  tip: 'Use custom metrics.',
  title: 'Regions with compute publish custom metrics (application, memory, disk)',
  kind: 'heuristic',
  severity: 'low',
  needs: ['cloudwatch.customMetrics', 'ec2.instances'],
  // Context only: which instances run the CloudWatch agent.
  optionalNeeds: ['cloudwatch.agentMetrics'],
  options: z.object({
    /** Namespaces outside AWS/ that AWS services publish to: they are not "your" metrics. */
    awsOwnedNamespaces: z
      .array(z.string())
      .default(['ContainerInsights', 'ECS/ContainerInsights', 'LambdaInsights', 'CloudWatchSynthetics', 'ApplicationSignals', 'Glue']),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'PERF02-BP03', coverage: 'partial',
      note: 'Checks that custom or agent metrics (memory, disk) are published per region.',
    },
  ],
  docs: {
    rationale:
      'EC2 publishes neither memory nor disk usage, and nothing about your application. Publishing your own metrics ' +
      '(disk space, queue depth, business events) is what makes alarms and dashboards useful.',
    checks:
      'Per region with running instances: a namespace outside AWS/ (and outside awsOwnedNamespaces) with data in the ' +
      'last 3 hours passes; none is a low warning. CWAgent counts as custom. Running Linux instances without CWAgent ' +
      'disk_used_percent or mem_used_percent metrics get an info (when agent metrics were collected and carry InstanceId).',
    remediation:
      'Install the CloudWatch agent (SSM document AmazonCloudWatch-ManageAgent) for memory and disk, and publish ' +
      'application metrics with the Embedded Metric Format in logs or PutMetricData.',
    cli: 'aws cloudwatch put-metric-data --namespace MyApp --metric-name OrdersPlaced --value 1',
    outdated: 'Still valid. The Embedded Metric Format and the unified CloudWatch agent make it easier than in 2014.',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/publishingMetrics.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Install-CloudWatch-Agent.html',
    ],
  },
  messages: {
    customMetrics: '{{region}} publishes custom metrics ({{namespaces}})',
    noCustomMetrics: '{{region}} runs {{count}} instance(s) but publishes no custom metric: no memory, disk or application metrics',
    noAgentMetrics: `{{instance}} publishes no CWAgent ${AGENT_METRICS.join('/')} metric: its memory and disk usage are invisible`,
  },
  *check({ cloudwatch, ec2 }, ctx) {
    const owned = new Set(ctx.options.awsOwnedNamespaces);
    const running = ec2.instances.filter((i) => i.State?.Name === 'running');
    for (const region of [...new Set(running.map((i) => i.Region))].sort()) {
      const namespaces = [...new Set(cloudwatch.customMetrics.filter((m) => m.Region === region && !m.Namespace.startsWith('AWS/') && !owned.has(m.Namespace)).map((m) => m.Namespace))].sort();
      const instances = running.filter((i) => i.Region === region).length;
      const evidence = { customNamespaces: namespaces, runningInstances: instances };
      if (namespaces.length) yield pass(ctx.account(region, 'cloudwatch'), 'customMetrics', { region, namespaces: namespaces.join(', ') }, { evidence });
      else
        yield warn(ctx.account(region, 'cloudwatch'), 'noCustomMetrics', { region, count: instances }, {
          severity: 'low',
          evidence,
        });
    }
    if (!cloudwatch.agentMetrics) return;
    const agent = cloudwatch.agentMetrics;
    // Agent metrics aggregated without an InstanceId cannot be attributed: no per-instance advice there.
    const unattributed = new Set(agent.filter((a) => !a.InstanceId && a.MetricNames.some((n) => AGENT_METRICS.includes(n))).map((a) => a.Region));
    const byInstance = new Map(agent.filter((a) => a.InstanceId).map((a) => [`${a.Region}|${a.InstanceId}`, a.MetricNames]));
    for (const i of running) {
      const windows = i.Platform === 'windows' || /windows/i.test(i.PlatformDetails ?? '');
      if (windows || unattributed.has(i.Region)) continue;
      const names = byInstance.get(`${i.Region}|${i.InstanceId}`) ?? [];
      if (!names.some((n) => AGENT_METRICS.includes(n)))
        yield info(i, 'noAgentMetrics', { instance: i.InstanceId }, {
          evidence: { agentMetricNames: names },
        });
    }
  },
});
