import { z } from 'zod';
import { alarmActsOnAlarm, alarmMetrics } from '../../src/aws-model/alarms.js';
import { defineRule, fail, pass, warn } from '../../src/rule.js';

const GRANULAR_DIMENSIONS = ['ServiceName', 'LinkedAccount'];

export default defineRule({
  id: 'billing-granular-alerts',
  section: 'billing',
  tip: 'Set up granular billing alerts.',
  title: 'Spending is watched by several billing alerts, not one monthly total',
  kind: 'automatic',
  severity: 'medium',
  needs: ['cloudwatch.billingMetrics', 'cloudwatch.billingAlarms', 'budgets.budgets'],
  /** Opt-in (--enable-cost-explorer, billed per request): absent unless enabled. */
  optionalNeeds: ['costexplorer.anomalySubscriptions'],
  options: z.object({
    /** Billing alarms with at least this many distinct thresholds are granular. */
    minDistinctThresholds: z.number().int().min(2).default(2),
    /** Count AWS Budgets (COST budgets with notifications) as billing alerts. */
    acceptBudgets: z.boolean().default(true),
    /** Count Cost Anomaly Detection subscriptions with an active subscriber (read only with --enable-cost-explorer). */
    acceptAnomalyDetection: z.boolean().default(true),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'COST01-BP05', coverage: 'partial',
      note: 'Checks billing alarms, budgets and anomaly detection exist and are granular; reviews are not checked.',
    },
  ],
  docs: {
    rationale:
      'One alert at the monthly budget fires when the money is already spent. Cumulative thresholds through the month ' +
      '($1k, $2k, $3k...), forecasts and per-service alerts catch a runaway resource within days.',
    checks:
      'Billing alarms: alarms in us-east-1 on AWS/Billing EstimatedCharges (directly or inside metric math) with ' +
      'actions enabled and an ALARM action. They do not count when ListMetrics finds no AWS/Billing metric (billing ' +
      'alerts off, or charges published to the payer account) or when they sit in INSUFFICIENT_DATA; member accounts ' +
      'are not discounted otherwise. Granular when: at least minDistinctThresholds alarm thresholds; or an alarm on a ' +
      'ServiceName or LinkedAccount dimension; or (acceptBudgets) a COST budget with a FORECASTED notification, two ' +
      'ACTUAL thresholds or a DAILY period; or (acceptAnomalyDetection, with --enable-cost-explorer) a Cost Anomaly ' +
      'Detection subscription with a subscriber that has not declined. Without Cost Explorer the verdict says ' +
      'subscriptions were not read. Granular passes, a single coarse alert (or several coarse ones) is a low ' +
      'warning, nothing fails (account finding). Each billing alarm and COST budget also gets its own finding: a ' +
      'low warning says why it does not alert (no action, no billing metrics, INSUFFICIENT_DATA, no notifications). ' +
      'Non-COST budgets do not alert on spend. Budgets that cannot be read are an error, never a fail.',
    remediation:
      'Create a monthly COST budget with a FORECASTED notification at 80-100% plus ACTUAL notifications at several ' +
      'thresholds, or several billing alarms at cumulative thresholds; enable Cost Anomaly Detection for per-service alerts.',
    cli:
      'aws budgets create-budget --account-id <account> --budget file://monthly.json --notifications-with-subscribers file://forecast-80.json',
    outdated:
      'The principle holds; the mechanism moved on. AWS Budgets (forecast alerts) and Cost Anomaly Detection give the ' +
      'granular signal natively; billing alarms still work (us-east-1 only, in the account billing data is published to).',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html',
      'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html',
      'https://docs.aws.amazon.com/cost-management/latest/userguide/manage-ad.html',
    ],
  },
  messages: {
    alarmIgnored: 'billing alarm {{alarm}} does not alert: {{why}}',
    alarmAlerts: 'billing alarm {{alarm}} alerts above {{threshold}}',
    budgetSilent: 'budget {{budget}} has no notifications: it alerts nobody',
    budgetAlerts: 'budget {{budget}} alerts at {{notifications}}',
    subscriptionSilent: 'anomaly subscription {{subscription}} has no active subscriber: it alerts nobody',
    subscriptionAlerts: 'anomaly subscription {{subscription}} alerts {{subscribers}} ({{frequency}})',
    granular: 'billing alerts are granular: {{reasons}}{{note}}',
    coarse: 'only coarse billing alerts ({{alerts}}): add forecast or cumulative thresholds, or per-service alerts{{note}}',
    noAlerts: 'nothing alerts on spending: no working billing alarm{{budgets}}{{note}}',
  },
  *check({ cloudwatch, budgets, costexplorer }, ctx) {
    if (ctx.meta.partition !== 'aws') return; // billing metrics and Budgets are verified for the aws partition only
    const { minDistinctThresholds, acceptBudgets, acceptAnomalyDetection } = ctx.options;
    const subscriptions = acceptAnomalyDetection ? costexplorer.anomalySubscriptions : [];
    const activeSubscribers = (s: NonNullable<typeof subscriptions>[number]) => (s.Subscribers ?? []).filter((x) => x.Status !== 'DECLINED');
    const alertingSubscriptions = (subscriptions ?? []).filter((s) => activeSubscribers(s).length > 0);
    const metricsPresent = cloudwatch.billingMetrics.length > 0;
    const ignored: Record<string, string> = {};
    const counted = cloudwatch.billingAlarms.filter((a) => {
      const why = !alarmActsOnAlarm(a)
        ? 'no enabled ALARM action'
        : !metricsPresent
          ? 'no AWS/Billing metrics in us-east-1'
          : a.StateValue === 'INSUFFICIENT_DATA'
            ? 'stuck in INSUFFICIENT_DATA'
            : undefined;
      if (why) ignored[a.AlarmName] = why;
      return !why;
    });
    const thresholds = [...new Set(counted.flatMap((a) => (typeof a.Threshold === 'number' ? [a.Threshold] : [])))].sort((x, y) => x - y);
    const perService = counted.filter((a) =>
      alarmMetrics(a).some((m) => m.Namespace === 'AWS/Billing' && m.Dimensions.some((d) => GRANULAR_DIMENSIONS.includes(d.Name))),
    );
    const alerting = acceptBudgets ? budgets.budgets.filter((b) => b.BudgetType === 'COST' && (b.Notifications ?? []).length > 0) : [];
    const granularBudgets = alerting.filter((b) => {
      const n = b.Notifications ?? [];
      const actual = new Set(n.filter((x) => x.NotificationType === 'ACTUAL').map((x) => x.Threshold));
      return n.some((x) => x.NotificationType === 'FORECASTED') || actual.size >= 2 || b.TimeUnit === 'DAILY';
    });
    const reasons = [
      thresholds.length >= minDistinctThresholds ? `${thresholds.length} billing alarm thresholds` : '',
      perService.length ? `per-service/account billing alarms (${perService.map((a) => a.AlarmName).join(', ')})` : '',
      granularBudgets.length ? `budgets with forecast, several or daily alerts (${granularBudgets.map((b) => b.BudgetName).join(', ')})` : '',
      alertingSubscriptions.length ? `Cost Anomaly Detection subscriptions (${alertingSubscriptions.map((s) => s.SubscriptionName).join(', ')})` : '',
    ].filter(Boolean);
    const evidence = {
      billingMetricsPresent: metricsPresent,
      countedAlarms: counted.map((a) => a.AlarmName),
      alarmThresholds: thresholds,
      ignoredAlarms: ignored,
      alertingBudgets: alerting.map((b) => b.BudgetName),
      budgetsWithoutAlerts: budgets.budgets.filter((b) => !alerting.includes(b)).map((b) => b.BudgetName),
      anomalySubscriptions: subscriptions === undefined ? null : alertingSubscriptions.map((s) => s.SubscriptionName),
    };
    const note = Object.keys(ignored).length && !metricsPresent
      ? `; ${Object.keys(ignored).length} billing alarm(s) ignored: no AWS/Billing metrics here (turn on billing alerts, or keep billing alarms in the payer account)`
      : Object.keys(ignored).length ? `; ${Object.keys(ignored).length} billing alarm(s) ignored (${Object.entries(ignored).map(([n, w]) => `${n}: ${w}`).join(', ')})` : '';
    // Not collected (Cost Explorer is opt-in): the verdict says what it did not look at.
    const anomalyNote = subscriptions === undefined ? '; Cost Anomaly Detection subscriptions not read (--enable-cost-explorer)' : '';
    // Each billing alarm and COST budget on its own: does it alert, and if not, why.
    for (const a of cloudwatch.billingAlarms) {
      const why = ignored[a.AlarmName];
      if (why) yield warn(a, 'alarmIgnored', { alarm: a.AlarmName, why }, { severity: 'low', evidence: { StateValue: a.StateValue ?? null, ActionsEnabled: a.ActionsEnabled ?? null } });
      else yield pass(a, 'alarmAlerts', { alarm: a.AlarmName, threshold: a.Threshold ?? '?' }, { evidence: { Threshold: a.Threshold ?? null } });
    }
    if (acceptBudgets)
      for (const b of budgets.budgets.filter((x) => x.BudgetType === 'COST')) {
        const n = b.Notifications ?? [];
        if (n.length === 0) yield warn(b, 'budgetSilent', { budget: b.BudgetName }, { severity: 'low', evidence: { TimeUnit: b.TimeUnit ?? null } });
        else
          yield pass(b, 'budgetAlerts', { budget: b.BudgetName, notifications: n.map((x) => `${x.NotificationType} ${x.Threshold}${x.ThresholdType === 'ABSOLUTE_VALUE' ? '' : '%'}`).join(', ') }, {
            evidence: { TimeUnit: b.TimeUnit ?? null, notifications: n.length },
          });
      }
    for (const s of subscriptions ?? []) {
      const active = activeSubscribers(s);
      const name = s.SubscriptionName ?? s.SubscriptionArn ?? '?';
      if (active.length === 0) yield warn(s, 'subscriptionSilent', { subscription: name }, { severity: 'low', evidence: { subscribers: (s.Subscribers ?? []).length } });
      else yield pass(s, 'subscriptionAlerts', { subscription: name, subscribers: active.map((x) => x.Address).join(', '), frequency: s.Frequency ?? '?' }, { evidence: { Frequency: s.Frequency ?? null, Threshold: s.Threshold ?? null } });
    }
    const account = ctx.account();
    if (reasons.length) yield pass(account, 'granular', { reasons: reasons.join('; '), note }, { evidence });
    else if (counted.length + alerting.length > 0)
      yield warn(account, 'coarse', { alerts: [...counted.map((a) => `alarm ${a.AlarmName}`), ...alerting.map((b) => `budget ${b.BudgetName}`)].join(', '), note: note + anomalyNote }, {
        severity: 'low',
        evidence,
      });
    else yield fail(account, 'noAlerts', { budgets: acceptBudgets ? ' and no COST budget with a notification' : '', note: note + anomalyNote }, { evidence });
  },
});
