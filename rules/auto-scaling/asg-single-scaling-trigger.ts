import { z } from 'zod';
import { alarmMetricIdentity } from '../../src/aws-model/alarms.js';
import { groupPolicies, policyAlarms, policyDirection, policyEnabled, policyKind } from '../../src/aws-model/scaling-policies.js';
import { defineRule, fail, pass, warn } from '../../src/rule.js';

/** `AWS/EC2|CPUUtilization|AutoScalingGroupName=web` -> `AWS/EC2 CPUUtilization`. */
/** A metric as a person reads it, dimensions included: two metrics of one name on different resources must not read alike. */
const short = (identity: string) => {
  if (identity.startsWith('expr:')) return identity.slice(5, identity.indexOf('['));
  const [namespace, name, dimensions] = identity.split('|');
  return `${namespace} ${name}${dimensions ? ` (${dimensions})` : ''}`;
};

export default defineRule({
  id: 'asg-single-scaling-trigger',
  section: 'auto-scaling',
  tip: "Don't use multiple scaling triggers on the same group.",
  title: 'Scaling policies of a group do not fight over different metrics',
  kind: 'automatic',
  severity: 'low',
  needs: ['autoscaling.groups', 'autoscaling.policies', 'cloudwatch.alarms'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A group that scales out on one metric (CPU high) and in on another (network low) can oscillate: each ' +
      'policy undoes what the other did.',
    checks:
      'Per group, among enabled simple and step policies: the metrics of the alarms driving scale-out policies and ' +
      'those driving scale-in policies (metric identity = namespace, name and sorted dimensions, or the math ' +
      'expression over its metrics). A scale-in metric that no scale-out policy uses, while scale-out metrics exist, ' +
      'fails (low). Simple/step policies next to a target tracking policy are a low warning. Several target tracking ' +
      'policies pass: the group scales out if any wants to and in only if all agree.',
    remediation:
      'Use one target tracking policy (or several: they cooperate), or drive scale-out and scale-in from the same ' +
      'metric; delete the extra policies.',
    cli: 'aws autoscaling delete-policy --auto-scaling-group-name <group> --policy-name <policy>',
    outdated:
      'Largely outdated: target tracking resolves multi-metric conflicts, and when several step/simple policies fire ' +
      'together Auto Scaling picks the one giving the largest capacity. Sequential fighting between step/simple ' +
      'policies on different metrics is still possible, hence a low severity.',
    links: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scale-based-on-demand.html#multiple-scaling-policies',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html',
    ],
  },
  messages: {
    fightingMetrics: '{{name}} scales out on {{out}} but in on {{in}}: the policies can undo each other',
    mixedPolicies: '{{name}} mixes target tracking ({{tracking}}) with step/simple policies ({{stepSimple}}), which can conflict',
    trackingCooperate: '{{name}} uses {{count}} target tracking policies, which cooperate',
    oneTrigger: '{{name}} scales on one trigger per direction',
  },
  *check({ autoscaling, cloudwatch }) {
    for (const g of autoscaling.groups) {
      const policies = groupPolicies(g, autoscaling.policies).filter(policyEnabled);
      const tracking = policies.filter((p) => policyKind(p) === 'target-tracking');
      const stepSimple = policies.filter((p) => ['simple', 'step'].includes(policyKind(p)));
      if (tracking.length + stepSimple.length === 0) continue;
      const out = new Set<string>();
      const inn = new Set<string>();
      for (const p of stepSimple) {
        const dir = policyDirection(p, g);
        if (dir !== 'in' && dir !== 'out') continue;
        for (const a of policyAlarms(p, cloudwatch.alarms).alarms) (dir === 'out' ? out : inn).add(alarmMetricIdentity(a));
      }
      const evidence = {
        scaleOutMetrics: [...out].sort(),
        scaleInMetrics: [...inn].sort(),
        targetTracking: tracking.map((p) => p.PolicyName),
        stepOrSimple: stepSimple.map((p) => p.PolicyName),
      };
      const fighting = [...inn].filter((m) => !out.has(m));
      let flagged = false;
      if (out.size > 0 && fighting.length > 0) {
        flagged = true;
        yield fail(g, 'fightingMetrics', { name: g.AutoScalingGroupName, out: [...out].map(short).join(', '), in: fighting.map(short).join(', ') }, {
          evidence: { ...evidence, scaleInOnlyMetrics: fighting.sort() },
        });
      }
      if (tracking.length > 0 && stepSimple.length > 0) {
        flagged = true;
        yield warn(g, 'mixedPolicies', { name: g.AutoScalingGroupName, tracking: evidence.targetTracking.join(', '), stepSimple: evidence.stepOrSimple.join(', ') }, {
          severity: 'low',
          evidence,
        });
      }
      if (!flagged)
        yield tracking.length > 1
          ? pass(g, 'trackingCooperate', { name: g.AutoScalingGroupName, count: tracking.length }, { evidence })
          : pass(g, 'oneTrigger', { name: g.AutoScalingGroupName }, { evidence });
    }
  },
});
