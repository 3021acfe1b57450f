import { describe, expect, it } from 'vitest';
import rule from '../../../rules/billing/billing-granular-alerts.js';
import { evaluateRule } from '../../../src/engine/evaluate.js';
import { ruleOptions } from '../../../src/engine/select.js';
import { buildSnapshot, RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const SNS = `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:billing`;
const metric = (dims: Record<string, string> = { Currency: 'USD' }) => ({
  Namespace: 'AWS/Billing',
  MetricName: 'EstimatedCharges',
  Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
  Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:metric/AWS/Billing/EstimatedCharges/${Object.values(dims).join(',')}`,
});
const alarm = (name: string, threshold: number, over: Record<string, unknown> = {}) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: name,
  Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [SNS],
  StateValue: 'OK',
  Namespace: 'AWS/Billing',
  MetricName: 'EstimatedCharges',
  Dimensions: [{ Name: 'Currency', Value: 'USD' }],
  Threshold: threshold,
  ...over,
});
const notification = (type: 'ACTUAL' | 'FORECASTED', threshold: number) => ({ NotificationType: type, ComparisonOperator: 'GREATER_THAN', Threshold: threshold, ThresholdType: 'PERCENTAGE' });
const budget = (name: string, notifications: unknown[], over: Record<string, unknown> = {}) => ({
  BudgetName: name,
  BudgetType: 'COST',
  TimeUnit: 'MONTHLY',
  BudgetLimit: { Amount: '1000', Unit: 'USD' },
  Notifications: notifications,
  Arn: `arn:aws:budgets::${TEST_ACCOUNT}:budget/${name}`,
  ...over,
});
const subscription = (name: string, subscribers: { Address: string; Type: string; Status?: string }[]) => ({
  SubscriptionName: name,
  SubscriptionArn: `arn:aws:ce::${TEST_ACCOUNT}:anomalysubscription/${name}`,
  Arn: `arn:aws:ce::${TEST_ACCOUNT}:anomalysubscription/${name}`,
  MonitorArnList: [`arn:aws:ce::${TEST_ACCOUNT}:anomalymonitor/services`],
  Subscribers: subscribers,
  Frequency: 'DAILY',
  Threshold: 100,
});
const snap = (o: { metrics?: unknown[]; alarms?: unknown[]; budgets?: unknown[]; anomaly?: unknown[]; meta?: Record<string, unknown> } = {}) => ({
  cloudwatch: { billingMetrics: o.metrics ?? [metric()], billingAlarms: o.alarms ?? [] },
  budgets: { budgets: o.budgets ?? [] },
  ...(o.anomaly ? { costexplorer: { anomalySubscriptions: o.anomaly } } : {}),
  ...(o.meta ? { meta: o.meta } : {}),
});

RuleTester.run(rule, {
  valid: [
    { name: 'cumulative billing alarms at two thresholds', snapshot: snap({ alarms: [alarm('billing-1k', 1000), alarm('billing-2k', 2000)] }) },
    { name: 'a per-service billing alarm', snapshot: snap({ alarms: [alarm('ec2-spend', 500, { Dimensions: [{ Name: 'Currency', Value: 'USD' }, { Name: 'ServiceName', Value: 'AmazonEC2' }] })] }) },
    {
      name: 'a per-linked-account billing alarm in metric math',
      snapshot: snap({
        alarms: [
          alarm('acct-spend', 300, {
            Namespace: undefined,
            MetricName: undefined,
            Dimensions: undefined,
            Metrics: [{ Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'LinkedAccount', Value: '210987654321' }, { Name: 'Currency', Value: 'USD' }] } } }],
          }),
        ],
      }),
    },
    { name: 'a COST budget with a forecast notification (no billing metrics needed)', snapshot: snap({ metrics: [], budgets: [budget('monthly', [notification('FORECASTED', 100)])] }) },
    { name: 'a COST budget with two ACTUAL thresholds', snapshot: snap({ budgets: [budget('monthly', [notification('ACTUAL', 50), notification('ACTUAL', 90)])] }) },
    { name: 'a DAILY COST budget', snapshot: snap({ budgets: [budget('daily', [notification('ACTUAL', 100)], { TimeUnit: 'DAILY' })] }) },
    { name: 'three thresholds with minDistinctThresholds 3', options: { minDistinctThresholds: 3 }, snapshot: snap({ alarms: [alarm('a', 1000), alarm('b', 2000), alarm('c', 3000)] }) },
    {
      name: 'a Cost Anomaly Detection subscription with an active subscriber (Cost Explorer enabled)',
      snapshot: snap({ anomaly: [subscription('spend-anomalies', [{ Address: 'ops@example.com', Type: 'EMAIL', Status: 'CONFIRMED' }])], meta: { optIns: ['cost-explorer'] } }),
    },
    { name: 'not applicable outside the aws partition', notApplicable: true, snapshot: snap({ meta: { partition: 'aws-cn' } }) },
  ],
  invalid: [
    {
      name: 'nothing alerts',
      snapshot: snap(),
      findings: [{ status: 'fail', messageId: 'noAlerts', severity: 'medium', resource: TEST_ACCOUNT, region: 'global', message: /nothing alerts on spending/ }],
    },
    { name: 'one monthly billing alarm', snapshot: snap({ alarms: [alarm('billing', 1000)] }), findings: [{ status: 'warn', severity: 'low', message: /only coarse billing alerts \(alarm billing\)/ }] },
    {
      name: 'one budget with one ACTUAL notification',
      snapshot: snap({ budgets: [budget('monthly', [notification('ACTUAL', 100)])] }),
      findings: [{ status: 'warn', messageId: 'coarse', message: /budget monthly/ }],
      passes: ['monthly'],
    },
    { name: 'two alarms on the same threshold', snapshot: snap({ alarms: [alarm('a', 1000), alarm('b', 1000)] }), findings: [{ status: 'warn', evidence: { alarmThresholds: [1000] } }] },
    {
      name: 'billing alarms without AWS/Billing metrics do not count (billing alerts off, or published to the payer)',
      snapshot: snap({ metrics: [], alarms: [alarm('a', 1000), alarm('b', 2000)] }),
      findings: [
        { status: 'fail', messageId: 'noAlerts', message: /2 billing alarm\(s\) ignored: no AWS\/Billing metrics here/, evidence: { billingMetricsPresent: false } },
        { status: 'warn', messageId: 'alarmIgnored', severity: 'low', resource: 'a', message: /no AWS\/Billing metrics in us-east-1/ },
        { status: 'warn', severity: 'low', resource: 'b' },
      ],
    },
    {
      name: 'an alarm stuck in INSUFFICIENT_DATA does not count',
      snapshot: snap({ alarms: [alarm('a', 1000), alarm('b', 2000, { StateValue: 'INSUFFICIENT_DATA' })] }),
      findings: [
        { status: 'warn', messageId: 'coarse', resource: TEST_ACCOUNT, message: /b: stuck in INSUFFICIENT_DATA/, evidence: { countedAlarms: ['a'] } },
        { status: 'warn', messageId: 'alarmIgnored', resource: 'b', message: /billing alarm b does not alert: stuck in INSUFFICIENT_DATA/ },
      ],
      passes: ['a'],
    },
    {
      name: 'alarms with actions disabled or no ALARM action do not alert',
      snapshot: snap({ alarms: [alarm('a', 1000, { ActionsEnabled: false }), alarm('b', 2000, { AlarmActions: [], OKActions: [SNS] })] }),
      findings: [
        { status: 'fail', evidence: { ignoredAlarms: { a: 'no enabled ALARM action', b: 'no enabled ALARM action' } } },
        { status: 'warn', messageId: 'alarmIgnored', resource: 'a', message: /no enabled ALARM action/ },
        { status: 'warn', messageId: 'alarmIgnored', resource: 'b', message: /no enabled ALARM action/ },
      ],
    },
    {
      name: 'budgets without notifications and non-COST budgets do not alert on spend',
      snapshot: snap({ budgets: [budget('silent', []), budget('usage', [notification('FORECASTED', 80)], { BudgetType: 'USAGE' }), budget('ri', [notification('ACTUAL', 80)], { BudgetType: 'RI_UTILIZATION' })] }),
      findings: [
        { status: 'fail', evidence: { budgetsWithoutAlerts: ['silent', 'usage', 'ri'] } },
        { status: 'warn', messageId: 'budgetSilent', severity: 'low', resource: 'silent', message: /has no notifications: it alerts nobody/ },
      ],
    },
    {
      name: 'acceptBudgets false ignores a granular budget',
      options: { acceptBudgets: false },
      snapshot: snap({ budgets: [budget('monthly', [notification('FORECASTED', 100)])] }),
      findings: [{ status: 'fail', messageId: 'noAlerts', message: /no working billing alarm; Cost Anomaly Detection subscriptions not read/ }],
    },
    {
      name: 'acceptAnomalyDetection false ignores an anomaly subscription',
      options: { acceptAnomalyDetection: false },
      snapshot: snap({ anomaly: [subscription('spend-anomalies', [{ Address: 'ops@example.com', Type: 'EMAIL' }])], meta: { optIns: ['cost-explorer'] } }),
      findings: [{ status: 'fail', messageId: 'noAlerts' }],
    },
    {
      name: 'an anomaly subscription whose only subscriber declined alerts nobody',
      snapshot: snap({ anomaly: [subscription('spend-anomalies', [{ Address: 'ops@example.com', Type: 'EMAIL', Status: 'DECLINED' }])], meta: { optIns: ['cost-explorer'] } }),
      findings: [
        { status: 'fail', messageId: 'noAlerts' },
        { status: 'warn', messageId: 'subscriptionSilent', severity: 'low', resource: 'spend-anomalies', message: /no active subscriber/ },
      ],
    },
    {
      name: 'without Cost Explorer the verdict says anomaly subscriptions were not read',
      snapshot: snap(),
      findings: [{ status: 'fail', messageId: 'noAlerts', message: /Cost Anomaly Detection subscriptions not read \(--enable-cost-explorer\)/ }],
    },
    {
      name: 'two thresholds are coarse with minDistinctThresholds 3',
      options: { minDistinctThresholds: 3 },
      snapshot: snap({ alarms: [alarm('a', 1000), alarm('b', 2000)] }),
      findings: [{ status: 'warn' }],
    },
  ],
});

describe('billing-granular-alerts when Budgets cannot be read', () => {
  it('reports error, never fail', () => {
    const snapshot = buildSnapshot(rule, snap());
    delete (snapshot.budgets as Record<string, unknown>).budgets;
    (snapshot.budgets as { errors: unknown[] }).errors.push({
      dataset: 'budgets.budgets',
      service: 'budgets',
      region: 'global',
      operation: 'budgets:DescribeBudgets',
      code: 'AccessDeniedException',
      message: 'not authorized',
    });
    const result = evaluateRule(snapshot, { rule, options: ruleOptions(rule, {}, 'test'), severity: rule.severity, severityOverridden: false });
    expect(result.findings.map((f) => f.status)).toEqual(['error']);
  });
});
