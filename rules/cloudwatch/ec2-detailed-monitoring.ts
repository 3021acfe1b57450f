import { z } from 'zod';
import { alarmMetrics } from '../../src/aws-model/alarms.js';
import { autoScalingGroupOf, hasTagSpec } from '../../src/aws-model/instances.js';
import { groupPolicies, policyAlarms, policyEnabled, policyKind } from '../../src/aws-model/scaling-policies.js';
import { defineRule, fail, pass, type ResourceRef } from '../../src/rule.js';

const ENABLED = ['enabled', 'pending'];
const DISABLED = ['disabled', 'disabling'];

export default defineRule({
  id: 'ec2-detailed-monitoring',
  section: 'cloudwatch',
  tip: 'Use detailed monitoring.',
  title: 'Running instances publish 1-minute EC2 metrics',
  kind: 'automatic',
  severity: 'low',
  needs: ['ec2.instances'],
  // Context only: naming the launch template and raising the severity for fast scaling alarms.
  optionalNeeds: ['autoscaling.groups', 'autoscaling.policies', 'cloudwatch.alarms'],
  options: z.object({
    /** Instances carrying this tag ("key" or "key=value") are skipped, e.g. cost-sensitive fleets. */
    excludeTag: z.string().default(''),
  }),
  docs: {
    rationale:
      'Basic monitoring publishes EC2 metrics every 5 minutes, which hides short spikes and slows every alarm and ' +
      'scaling decision based on them. Detailed monitoring publishes them every minute.',
    checks:
      'Running instances: Monitoring.State enabled or pending passes, disabled or disabling fails (low). Instances of ' +
      'an Auto Scaling group are reported once per group (fix the launch template, not the instances); the group ' +
      'finding is medium when one of its simple/step scaling alarms reads an AWS/EC2 metric with a period under 300 ' +
      's, which basic monitoring starves of data. Instances with the excludeTag tag are skipped.',
    remediation:
      'Enable detailed monitoring on the instance, and set Monitoring.Enabled=true in the launch template of Auto ' +
      'Scaling groups (launch templates default to basic monitoring; launch configurations created by API default to detailed).',
    cli: 'aws ec2 monitor-instances --instance-ids i-...',
    outdated:
      'Still valid. The 2014 price ($3.50 per instance per month) is outdated: detailed monitoring is billed per ' +
      'metric at custom-metric rates.',
    links: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/enable-as-instance-metrics.html',
    ],
  },
  *check({ ec2, autoscaling, cloudwatch }, ctx) {
    const { excludeTag } = ctx.options;
    const fleets = new Map<string, { region: string; name: string; enabled: string[]; disabled: string[] }>();
    for (const i of ec2.instances) {
      const state = i.Monitoring?.State;
      if (i.State?.Name !== 'running' || !state || (excludeTag && hasTagSpec(i.Tags, excludeTag))) continue;
      const asg = autoScalingGroupOf(i);
      if (asg) {
        const key = `${i.Region}|${asg}`;
        const f = fleets.get(key) ?? { region: i.Region, name: asg, enabled: [], disabled: [] };
        fleets.set(key, f);
        if (ENABLED.includes(state)) f.enabled.push(i.InstanceId);
        else if (DISABLED.includes(state)) f.disabled.push(i.InstanceId);
        continue;
      }
      if (ENABLED.includes(state)) yield pass(i, `${i.InstanceId} has detailed monitoring ${state}`, { evidence: { MonitoringState: state } });
      else if (DISABLED.includes(state)) yield fail(i, `${i.InstanceId} uses basic (5-minute) monitoring`, { evidence: { MonitoringState: state } });
    }
    const policies = autoscaling.policies ?? [];
    const alarms = cloudwatch.alarms ?? [];
    const groups = new Map((autoscaling.groups ?? []).map((g) => [`${g.Region}|${g.AutoScalingGroupName}`, g]));
    for (const [key, f] of fleets) {
      const g = groups.get(key);
      const ref: ResourceRef = g
        ? { arn: g.Arn, region: g.Region, id: g.AutoScalingGroupName }
        : { arn: `arn:${ctx.meta.partition}:autoscaling:${f.region}:${ctx.meta.accountId}:autoScalingGroup:*:autoScalingGroupName/${f.name}`, region: f.region, id: f.name };
      const template = g?.LaunchTemplate?.LaunchTemplateName || g?.LaunchTemplate?.LaunchTemplateId;
      const source = template ? `launch template ${template}` : g?.LaunchConfigurationName ? `launch configuration ${g.LaunchConfigurationName}` : 'its launch template';
      const evidence = { instancesEnabled: f.enabled, instancesDisabled: f.disabled, launchSource: source };
      if (f.disabled.length === 0) {
        yield pass(ref, `Auto Scaling group ${f.name}: all ${f.enabled.length} running instance(s) have detailed monitoring`, { evidence });
        continue;
      }
      // Fast alarms on EC2 metrics get one data point every 5 minutes with basic monitoring.
      const starved = g
        ? groupPolicies(g, policies)
            .filter((p) => policyEnabled(p) && ['simple', 'step'].includes(policyKind(p)))
            .flatMap((p) => policyAlarms(p, alarms).alarms)
            .filter((a) => alarmMetrics(a).some((m) => m.Namespace === 'AWS/EC2' && m.Period !== undefined && m.Period < 300))
            .map((a) => a.AlarmName)
        : [];
      yield fail(ref, `Auto Scaling group ${f.name}: ${f.disabled.length} of ${f.disabled.length + f.enabled.length} running instance(s) use basic monitoring; enable it in ${source}${starved.length ? ` (scaling alarms ${starved.join(', ')} evaluate EC2 metrics faster than every 5 minutes)` : ''}`, {
        ...(starved.length ? { severity: 'medium' as const } : {}),
        evidence: { ...evidence, starvedScalingAlarms: starved },
      });
    }
  },
});
