import { z } from 'zod';
import { alarmMetrics } from '../../src/aws-model/alarms.js';
import { defineRule, pass, warn } from '../../src/rule.js';

const FREE_NAMESPACES = ['AWS/EC2', 'AWS/RDS', 'AWS/ApplicationELB', 'AWS/NetworkELB', 'AWS/GatewayELB', 'AWS/ELB'];

export default defineRule({
  id: 'cw-free-metrics-alarmed',
  section: 'cloudwatch',
  tip: 'Use the free metrics.',
  title: 'The free EC2, RDS and load balancer metrics have alarms',
  kind: 'heuristic',
  severity: 'info',
  needs: ['cloudwatch.alarms', 'ec2.instances', 'rds.dbInstances', 'elb.loadBalancers', 'elbv2.loadBalancers'],
  options: z.object({}),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'OPS08-BP04', coverage: 'partial',
      note: 'Checks that at least one alarm exists per region on free EC2/RDS/ELB metrics.',
    },
  ],
  docs: {
    rationale:
      'CloudWatch publishes CPU, network, status checks, database and load balancer metrics for free. They only help ' +
      'when something watches them.',
    checks:
      'Per region with a running EC2 instance, an RDS instance or a load balancer: at least one alarm (metric math ' +
      'included) on an AWS/EC2, AWS/RDS, AWS/ApplicationELB, AWS/NetworkELB, AWS/GatewayELB or AWS/ELB metric passes; ' +
      'none is a warning at info severity (a hint, never scored as a failure).',
    remediation:
      'Add basic alarms: CPUUtilization and StatusCheckFailed for instances, FreeStorageSpace and CPU for databases, ' +
      'HTTPCode_Target_5XX_Count and UnHealthyHostCount for load balancers (or enable CloudWatch recommended alarms).',
    cli: 'aws cloudwatch put-metric-alarm --alarm-name web-5xx --namespace AWS/ApplicationELB --metric-name HTTPCode_Target_5XX_Count ...',
    outdated:
      'The "2 weeks of history" of 2014 is outdated: CloudWatch keeps 1-minute data for 15 days, 5-minute data for 63 ' +
      'days and 1-hour data for 455 days (15 months).',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention',
    ],
  },
  messages: {
    alarmed: '{{region}} has alarms on free metrics ({{alarms}})',
    notAlarmed:
      '{{region}} has {{instances}} running instance(s), {{databases}} database(s) and {{loadBalancers}} load balancer(s) but no alarm on their free metrics',
  },
  *check({ cloudwatch, ec2, rds, elb, elbv2 }, ctx) {
    const resources: Record<string, { instances: number; databases: number; loadBalancers: number }> = {};
    const add = (region: string, k: 'instances' | 'databases' | 'loadBalancers') => ((resources[region] ??= { instances: 0, databases: 0, loadBalancers: 0 })[k] += 1);
    for (const i of ec2.instances) if (i.State?.Name === 'running') add(i.Region, 'instances');
    for (const d of rds.dbInstances) add(d.Region, 'databases');
    for (const lb of [...elb.loadBalancers, ...elbv2.loadBalancers]) add(lb.Region, 'loadBalancers');
    for (const [region, counts] of Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))) {
      const perNamespace: Record<string, number> = {};
      for (const a of cloudwatch.alarms.filter((x) => x.Region === region))
        for (const ns of new Set(alarmMetrics(a).map((m) => m.Namespace))) if (FREE_NAMESPACES.includes(ns)) perNamespace[ns] = (perNamespace[ns] ?? 0) + 1;
      const evidence = { ...counts, alarmsPerNamespace: perNamespace };
      const ref = ctx.account(region, 'cloudwatch');
      if (Object.keys(perNamespace).length)
        yield pass(ref, 'alarmed', { region, alarms: Object.entries(perNamespace).map(([ns, n]) => `${ns}: ${n}`).join(', ') }, { evidence });
      else
        yield warn(ref, 'notAlarmed', { region, ...counts }, { evidence });
    }
  },
});
