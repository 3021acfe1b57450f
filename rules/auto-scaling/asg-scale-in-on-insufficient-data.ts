import { z } from 'zod';
import { alarmMetrics, firesOnMissingData, treatMissingData } from '../../src/aws-model/alarms.js';
import { policyAlarms, policyDirection, policyEnabled, policyKind } from '../../src/aws-model/scaling-policies.js';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';

/** Target tracking on these metrics always has data while instances run. */
const ALWAYS_REPORTING_NAMESPACES = ['AWS/EC2'];

export default defineRule({
  id: 'asg-scale-in-on-insufficient-data',
  section: 'auto-scaling',
  tip: 'Scale down on INSUFFICIENT_DATA as well as ALARM.',
  title: 'Scale-in still happens when the scaling metric stops reporting',
  kind: 'automatic',
  severity: 'medium',
  needs: ['autoscaling.groups', 'autoscaling.policies', 'cloudwatch.alarms'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'When traffic stops, request-based metrics stop being published: the scale-in alarm goes to INSUFFICIENT_DATA ' +
      'instead of ALARM, so the group never scales down and keeps paying for its peak capacity.',
    checks:
      'Enabled simple and step policies that remove capacity (negative adjustments, or ExactCapacity at or below ' +
      'MinSize; every capacity-changing step negative), with the alarms that name the policy in an action list. ' +
      'Missing data moves an alarm to ALARM (TreatMissingData breaching), OK (notBreaching) or INSUFFICIENT_DATA ' +
      '(missing, the default); ignore keeps the last state. A scale-in alarm passes when the state missing data ' +
      'leads to carries the policy; otherwise, or with actions disabled, it fails. Scale-out alarms fail the other ' +
      'way round: missing data would add capacity. Target tracking never scales in on missing data: policies on ' +
      'ALBRequestCountPerTarget or on customized metrics outside AWS/EC2 without FILL() are a low warning; ' +
      'ASGAverage* (EC2) metrics pass. Predictive and disabled policies are skipped.',
    remediation:
      'Make the scale-in alarm fire on missing data (TreatMissingData breaching for a low-threshold alarm, or the ' +
      'policy in its INSUFFICIENT_DATA actions). For target tracking, fill missing data with FILL(m1, 0) in a ' +
      'customized metric specification, add a scheduled action, or accept staying at the current size.',
    cli: 'aws cloudwatch put-metric-alarm --alarm-name <scale-in-alarm> ... --treat-missing-data breaching',
    outdated:
      'Partly outdated in mechanism: TreatMissingData (2017) is the clean fix for step and simple policies. ' +
      'Target tracking (2017) still does not scale in on missing data, so the tip lives on for request-count scaling.',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html#target-tracking-considerations',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html',
    ],
  },
  messages: {
    trackingReports: '{{name}} tracks {{metric}}, which reports while instances run',
    trackingStopsScaleIn:
      '{{name}} tracks {{metric}}: target tracking does not scale in when the metric stops reporting, so the group stays large at zero traffic',
    alarmMissing: '{{name}} lists alarm {{alarm}}, which does not exist in {{region}} (deleted?)',
    actionsDisabled: 'scale-in policy {{name}}: alarm {{alarm}} has its actions disabled, so it never scales in',
    scaleInOnMissing: "scale-in policy {{name}} also runs when {{alarm}}'s metric stops reporting (TreatMissingData {{stated}})",
    noScaleInOnMissing: "scale-in policy {{name}} will not run when {{alarm}}'s metric stops reporting: TreatMissingData is {{stated}}{{action}}",
    scaleOutOnMissing: "scale-out policy {{name}} runs when {{alarm}}'s metric stops reporting (TreatMissingData {{stated}}): missing data will scale OUT",
    noScaleOutOnMissing: 'scale-out policy {{name}} does not run on missing data from {{alarm}}',
  },
  *check({ autoscaling, cloudwatch }) {
    const groups = new Map(autoscaling.groups.map((g) => [`${g.Region}|${g.AutoScalingGroupName}`, g]));
    for (const p of autoscaling.policies) {
      if (!policyEnabled(p)) continue;
      const group = groups.get(`${p.Region}|${p.AutoScalingGroupName}`);
      const name = `${p.PolicyName ?? p.PolicyARN} (${p.AutoScalingGroupName ?? '?'})`;
      const kind = policyKind(p);
      if (kind === 'target-tracking') {
        const tt = p.TargetTrackingConfiguration;
        if (!tt || tt.DisableScaleIn || (group && group.MinSize === group.MaxSize)) continue;
        const predefined = tt.PredefinedMetricSpecification?.PredefinedMetricType;
        const custom = tt.CustomizedMetricSpecification;
        const namespaces = custom ? [...new Set(alarmMetrics(custom).map((m) => m.Namespace))] : [];
        const fills = (custom?.Metrics ?? []).some((m) => /\bFILL\s*\(/i.test(m.Expression ?? ''));
        const evidence = { PolicyType: p.PolicyType, PredefinedMetricType: predefined ?? null, namespaces, fillsMissingData: fills };
        if (predefined?.startsWith('ASGAverage') || fills || (custom && namespaces.length > 0 && namespaces.every((n) => ALWAYS_REPORTING_NAMESPACES.includes(n))))
          yield pass(p, 'trackingReports', { name, metric: predefined ?? (fills ? 'a metric with missing data filled' : namespaces.join(', ')) }, { evidence });
        else
          yield warn(p, 'trackingStopsScaleIn', { name, metric: predefined ?? `a customized metric${namespaces.length ? ` in ${namespaces.join(', ')}` : ''}` }, {
            severity: 'low',
            evidence,
          });
        continue;
      }
      if (kind !== 'simple' && kind !== 'step') continue;
      const direction = policyDirection(p, group ?? undefined);
      if (direction !== 'in' && direction !== 'out') continue;
      const { alarms, missing } = policyAlarms(p, cloudwatch.alarms);
      for (const m of missing) yield info(p, 'alarmMissing', { name, alarm: m, region: p.Region }, { subject: m, evidence: { AlarmName: m } });
      for (const a of alarms) {
        const tmd = treatMissingData(a);
        // What the alarm says, quoted: absent (or "") is not the same text as "missing", though it acts the same.
        const stated = a.TreatMissingData ? `"${a.TreatMissingData}"` : 'not set (default "missing")';
        const fires = firesOnMissingData(a, p.PolicyARN);
        const evidence = {
          direction,
          AlarmName: a.AlarmName,
          ActionsEnabled: a.ActionsEnabled ?? null,
          TreatMissingData: tmd,
          inAlarmActions: (a.AlarmActions ?? []).includes(p.PolicyARN),
          inOKActions: (a.OKActions ?? []).includes(p.PolicyARN),
          inInsufficientDataActions: (a.InsufficientDataActions ?? []).includes(p.PolicyARN),
        };
        if (direction === 'in') {
          if (a.ActionsEnabled === false) yield fail(p, 'actionsDisabled', { name, alarm: a.AlarmName }, { subject: a.AlarmName, evidence });
          else if (fires) yield pass(p, 'scaleInOnMissing', { name, alarm: a.AlarmName, stated }, { subject: a.AlarmName, evidence });
          else
            yield fail(
              p,
              'noScaleInOnMissing',
              { name, alarm: a.AlarmName, stated, action: tmd === 'missing' ? ' and the policy is not an INSUFFICIENT_DATA action' : '' },
              { subject: a.AlarmName, evidence },
            );
        } else if (fires) {
          yield fail(p, 'scaleOutOnMissing', { name, alarm: a.AlarmName, stated }, { subject: a.AlarmName, evidence });
        } else {
          yield pass(p, 'noScaleOutOnMissing', { name, alarm: a.AlarmName }, { subject: a.AlarmName, evidence });
        }
      }
    }
  },
});
