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
  *check({ autoscaling, cloudwatch }) {
    const groups = new Map(autoscaling.groups.map((g) => [`${g.Region}|${g.AutoScalingGroupName}`, g]));
    for (const p of autoscaling.policies) {
      if (!policyEnabled(p)) continue;
      // A policy item also carries AutoScalingGroupName: name the finding after the policy itself.
      const ref = { arn: p.Arn, region: p.Region, id: p.PolicyName || p.Arn };
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
          yield pass(ref, `${name} tracks ${predefined ?? (fills ? 'a metric with missing data filled' : namespaces.join(', '))}, which reports while instances run`, { evidence });
        else
          yield warn(ref, `${name} tracks ${predefined ?? `a customized metric${namespaces.length ? ` in ${namespaces.join(', ')}` : ''}`}: target tracking does not scale in when the metric stops reporting, so the group stays large at zero traffic`, {
            severity: 'low',
            evidence,
          });
        continue;
      }
      if (kind !== 'simple' && kind !== 'step') continue;
      const direction = policyDirection(p, group ?? undefined);
      if (direction !== 'in' && direction !== 'out') continue;
      const { alarms, missing } = policyAlarms(p, cloudwatch.alarms);
      for (const m of missing) yield info(ref, `${name} lists alarm ${m}, which does not exist in ${p.Region} (deleted?)`, { evidence: { AlarmName: m } });
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
          if (a.ActionsEnabled === false)
            yield fail(ref, `scale-in policy ${name}: alarm ${a.AlarmName} has its actions disabled, so it never scales in`, { evidence });
          else if (fires) yield pass(ref, `scale-in policy ${name} also runs when ${a.AlarmName}'s metric stops reporting (TreatMissingData ${stated})`, { evidence });
          else
            yield fail(ref, `scale-in policy ${name} will not run when ${a.AlarmName}'s metric stops reporting: TreatMissingData is ${stated}${tmd === 'missing' ? ' and the policy is not an INSUFFICIENT_DATA action' : ''}`, { evidence });
        } else if (fires) {
          yield fail(ref, `scale-out policy ${name} runs when ${a.AlarmName}'s metric stops reporting (TreatMissingData ${stated}): missing data will scale OUT`, { evidence });
        } else {
          yield pass(ref, `scale-out policy ${name} does not run on missing data from ${a.AlarmName}`, { evidence });
        }
      }
    }
  },
});
