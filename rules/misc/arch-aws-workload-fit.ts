import { z } from 'zod';
import { instanceUnits, isOnDemandRunning, isSteady } from '../../src/aws-model/reserved-capacity.js';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'arch-aws-workload-fit',
  section: 'misc',
  tip: 'Make sure AWS is right for your workload.',
  title: 'The workload benefits from what AWS is good at',
  kind: 'manual',
  severity: 'info',
  needs: [],
  optionalNeeds: ['ec2.instances', 'autoscaling.groups'],
  options: z.object({
    /** An on-demand instance running for more than this many days counts as steady (as in ec2-reserved-capacity-coverage). */
    steadyDays: z.number().int().positive().default(30),
  }),
  compliance: [],
  docs: {
    rationale:
      'AWS shines for elastic, variable or fast-growing workloads; a flat 24/7 load on large instances can cost more ' +
      'than owned or rented hardware unless it is reserved.',
    checks:
      'A business and architecture judgement; the rule gives the advice as one info finding for the account, with ' +
      'context when the data is available: the share of running capacity that is steady on-demand (normalised units, ' +
      'as in ec2-reserved-capacity-coverage) and how many Auto Scaling groups can actually scale (MaxSize > MinSize).',
    remediation:
      'Review the cost of steady capacity (Savings Plans, Graviton, Spot for fault-tolerant work) and whether elastic ' +
      'services (auto scaling, serverless) fit the load; compare with the alternatives periodically.',
    outdated: 'Still valid. Savings Plans, Graviton and Spot change the arithmetic; re-evaluate periodically.',
    links: [
      'https://docs.aws.amazon.com/wellarchitected/latest/cost-optimization-pillar/welcome.html',
      'https://docs.aws.amazon.com/savingsplans/latest/userguide/what-is-savings-plans.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: confirm AWS suits the workload: elastic or growing loads benefit most; steady 24/7 capacity ' +
      'should be reserved (Savings Plans), moved to Graviton or Spot where it fits, or compared with alternatives.{{context}}',
  },
  *check({ ec2, autoscaling }, { options, now, account }) {
    const signals: string[] = [];
    const evidence: Record<string, unknown> = {};
    if (ec2.instances) {
      const running = ec2.instances.filter((i) => i.State?.Name === 'running' && i.InstanceType);
      const total = running.reduce((n, i) => n + instanceUnits(i.InstanceType!), 0);
      const steady = running.filter((i) => isSteady(i, now, options.steadyDays)).reduce((n, i) => n + instanceUnits(i.InstanceType!), 0);
      const onDemand = running.filter(isOnDemandRunning).length;
      if (total > 0) {
        const pct = Math.round((steady / total) * 100);
        evidence.steadyOnDemandSharePct = pct;
        evidence.runningInstances = running.length;
        evidence.onDemandInstances = onDemand;
        signals.push(`${pct}% of running capacity is steady on-demand (over ${options.steadyDays} days)`);
      }
    }
    if (autoscaling.groups?.length) {
      const elastic = autoscaling.groups.filter((g) => (g.MaxSize ?? 0) > (g.MinSize ?? 0)).length;
      evidence.elasticGroups = elastic;
      evidence.groups = autoscaling.groups.length;
      signals.push(`${elastic} of ${autoscaling.groups.length} Auto Scaling group(s) can scale (MaxSize > MinSize)`);
    }
    yield info(account(), 'manualCheck', { context: signals.length ? ` Context: ${signals.join('; ')}.` : '' }, { evidence });
  },
});
