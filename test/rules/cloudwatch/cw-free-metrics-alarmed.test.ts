import rule from '../../../rules/cloudwatch/cw-free-metrics-alarmed.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const EU = 'eu-west-1';
const alarm = (name: string, over: Record<string, unknown> = {}) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: name,
  Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:ops`],
  Namespace: 'AWS/EC2',
  MetricName: 'CPUUtilization',
  ...over,
});
const instance = (id: string, over: Record<string, unknown> = {}) => ({ InstanceId: id, State: { Name: 'running' }, ...over });
const db = (id: string, over: Record<string, unknown> = {}) => ({ DBInstanceIdentifier: id, Engine: 'postgres', ...over });
const alb = (name: string, Region = 'us-east-1') => {
  const arn = `arn:aws:elasticloadbalancing:${Region}:${TEST_ACCOUNT}:loadbalancer/app/${name}/1`;
  return { LoadBalancerArn: arn, Arn: arn, LoadBalancerName: name, Type: 'application', Region };
};
const snap = (o: { alarms?: unknown[]; instances?: unknown[]; dbs?: unknown[]; albs?: unknown[]; clbs?: unknown[] }) => ({
  cloudwatch: { alarms: o.alarms ?? [] },
  ec2: { instances: o.instances ?? [] },
  rds: { dbInstances: o.dbs ?? [] },
  elb: { loadBalancers: o.clbs ?? [] },
  elbv2: { loadBalancers: o.albs ?? [] },
  meta: { regions: ['us-east-1', EU] },
});

RuleTester.run(rule, {
  valid: [
    { name: 'an EC2 CPU alarm next to running instances', snapshot: snap({ alarms: [alarm('cpu')], instances: [instance('i-1')] }) },
    {
      name: 'a metric math alarm on ALB metrics',
      snapshot: snap({
        albs: [alb('web')],
        alarms: [alarm('5xx-rate', { Namespace: undefined, MetricName: undefined, Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' } } }] })],
      }),
    },
    { name: 'no compute, database or load balancer: not applicable', notApplicable: true, snapshot: snap({ instances: [instance('i-1', { State: { Name: 'stopped' } })] }) },
  ],
  invalid: [
    {
      name: 'a region with a database and only custom-metric alarms',
      snapshot: snap({ dbs: [db('orders')], alarms: [alarm('orders', { Namespace: 'MyApp', MetricName: 'Orders' })] }),
      findings: [{ status: 'warn', messageId: 'notAlarmed', severity: 'info', region: 'us-east-1', message: /0 running instance\(s\), 1 database\(s\) and 0 load balancer\(s\) but no alarm/ }],
    },
    {
      name: 'alarms are counted per region',
      snapshot: snap({ instances: [instance('i-1'), instance('i-2', { Region: EU })], albs: [alb('web', EU)], alarms: [alarm('cpu')] }),
      findings: [{ status: 'warn', region: EU, evidence: { instances: 1, loadBalancers: 1 } }],
      passes: [TEST_ACCOUNT],
    },
  ],
});
