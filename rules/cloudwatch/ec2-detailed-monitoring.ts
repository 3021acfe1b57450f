import { z } from 'zod';
import { alarmMetrics } from '../../src/aws-model/alarms.js';
import { autoScalingGroupOf, hasTagSpec } from '../../src/aws-model/instances.js';
import { groupPolicies, policyAlarms, policyEnabled, policyKind } from '../../src/aws-model/scaling-policies.js';
import { defineRule, fail, pass } from '../../src/rule.js';

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
  // Context only: the launch template of a group, and raising the severity for fast scaling alarms.
  optionalNeeds: ['autoscaling.groups', 'autoscaling.policies', 'cloudwatch.alarms', 'ec2.launchTemplateVersions'],
  options: z.object({
    /** Instances carrying this tag ("key" or "key=value") are skipped, e.g. cost-sensitive fleets. */
    excludeTag: z.string().default(''),
  }),
  compliance: [
    { framework: 'aws-well-architected', control: 'PERF02-BP03', coverage: 'partial', note: 'Checks 1-minute EC2 metrics only.' },
  ],
  docs: {
    rationale:
      'Basic monitoring publishes EC2 metrics every 5 minutes, which hides short spikes and slows every alarm and ' +
      'scaling decision based on them. Detailed monitoring publishes them every minute.',
    checks:
      'Running instances: Monitoring.State enabled or pending passes, disabled or disabling fails (low). Instances of ' +
      'an Auto Scaling group are reported once per group, at its launch template: the group fails when any of its ' +
      'running instances uses basic monitoring, or when the template version it launches from does not enable ' +
      'Monitoring (launch templates default to basic; launch configurations created by API default to detailed). ' +
      'The group finding is medium when one of its simple/step scaling alarms reads an AWS/EC2 metric with a period ' +
      'under 300 s, which basic monitoring starves of data. Instances with the excludeTag tag are skipped.',
    remediation:
      'Enable detailed monitoring on the instance, and set Monitoring.Enabled=true in the launch template of Auto ' +
      'Scaling groups (then roll the group with an instance refresh).',
    cli: 'aws ec2 monitor-instances --instance-ids i-...',
    outdated:
      'Still valid. The 2014 price ($3.50 per instance per month) is outdated: detailed monitoring is billed per ' +
      'metric at custom-metric rates.',
    links: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/enable-as-instance-metrics.html',
    ],
  },
  messages: {
    detailed: '{{instance}} has detailed monitoring {{state}}',
    basic: '{{instance}} uses basic (5-minute) monitoring',
    groupDetailed: 'Auto Scaling group {{group}}: {{what}} detailed monitoring',
    groupBasic: 'Auto Scaling group {{group}}: {{what}}{{starved}}',
  },
  *check({ ec2, autoscaling, cloudwatch }, ctx) {
    const { excludeTag } = ctx.options;
    const fleets = new Map<string, { region: string; name: string; enabled: string[]; disabled: string[] }>();
    const fleet = (region: string, name: string) => {
      const key = `${region}|${name}`;
      const f = fleets.get(key) ?? { region, name, enabled: [], disabled: [] };
      fleets.set(key, f);
      return f;
    };
    for (const i of ec2.instances) {
      const state = i.Monitoring?.State;
      if (i.State?.Name !== 'running' || !state || (excludeTag && hasTagSpec(i.Tags, excludeTag))) continue;
      const asg = autoScalingGroupOf(i);
      if (asg) {
        const f = fleet(i.Region, asg);
        if (ENABLED.includes(state)) f.enabled.push(i.InstanceId);
        else if (DISABLED.includes(state)) f.disabled.push(i.InstanceId);
        continue;
      }
      if (ENABLED.includes(state)) yield pass(i, 'detailed', { instance: i.InstanceId, state }, { evidence: { MonitoringState: state } });
      else if (DISABLED.includes(state)) yield fail(i, 'basic', { instance: i.InstanceId }, { evidence: { MonitoringState: state } });
    }
    const templates = new Map((ec2.launchTemplateVersions ?? []).map((v) => [`${v.Region}|${v.AutoScalingGroupName}`, v]));
    for (const v of templates.values()) fleet(v.Region, v.AutoScalingGroupName);
    const policies = autoscaling.policies ?? [];
    const alarms = cloudwatch.alarms ?? [];
    const groups = new Map((autoscaling.groups ?? []).map((g) => [`${g.Region}|${g.AutoScalingGroupName}`, g]));
    for (const [key, f] of fleets) {
      const g = groups.get(key);
      if (g && excludeTag && hasTagSpec(g.Tags, excludeTag)) continue;
      // A group known only from its instances' tags or its launch template (not collected) is referenced by its name.
      const ref = g ?? ctx.referenced(`arn:${ctx.meta.partition}:autoscaling:${f.region}:${ctx.meta.accountId}:autoScalingGroup:*:autoScalingGroupName/${f.name}`, f.region, f.name);
      const lt = templates.get(key);
      const templateName = lt?.LaunchTemplateName || lt?.LaunchTemplateId || g?.LaunchTemplate?.LaunchTemplateName || g?.LaunchTemplate?.LaunchTemplateId;
      const source = templateName
        ? `launch template ${templateName}${lt?.VersionNumber !== undefined && lt?.VersionNumber !== null ? ` v${lt.VersionNumber}` : ''}`
        : g?.LaunchConfigurationName ? `launch configuration ${g.LaunchConfigurationName}` : 'its launch template';
      // Known only when the template version was read; absent Monitoring in a template means basic.
      const templateDetailed = lt ? lt.LaunchTemplateData?.Monitoring?.Enabled === true : undefined;
      const evidence = { instancesEnabled: f.enabled, instancesDisabled: f.disabled, launchSource: source, templateMonitoring: templateDetailed ?? null };
      const running = f.enabled.length + f.disabled.length;
      if (f.disabled.length === 0 && templateDetailed !== false) {
        if (running > 0 || templateDetailed) yield pass(ref, 'groupDetailed', { group: f.name, what: running ? `all ${running} running instance(s) have` : `${source} enables` }, { evidence });
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
      const what = f.disabled.length
        ? `${f.disabled.length} of ${running} running instance(s) use basic monitoring; enable it in ${source}`
        : `${source} does not enable detailed monitoring, so the instances it launches use basic monitoring`;
      yield fail(ref, 'groupBasic', { group: f.name, what, starved: starved.length ? ` (scaling alarms ${starved.join(', ')} evaluate EC2 metrics faster than every 5 minutes)` : '' }, {
        ...(starved.length ? { severity: 'medium' as const } : {}),
        evidence: { ...evidence, starvedScalingAlarms: starved },
      });
    }
  },
});
