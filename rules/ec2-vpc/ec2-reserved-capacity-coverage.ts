import { z } from 'zod';
import { estimateCoverage, fleetBaseline, isActiveReservation, measuredCoverage } from '../../src/aws-model/reserved-capacity.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

const DAY = 86_400_000;

export default defineRule({
  id: 'ec2-reserved-capacity-coverage',
  section: 'ec2-vpc',
  tip: 'Use reserved instances to save big $$$.',
  title: 'Steady on-demand capacity is covered by reserved instances or Savings Plans',
  kind: 'heuristic',
  severity: 'low',
  needs: ['ec2.instances', 'ec2.reservedInstances', 'savingsplans.savingsPlans', 'autoscaling.groups'],
  /** Opt-in (--enable-cost-explorer, billed per request): measured coverage when Savings Plans apply. */
  optionalNeeds: ['costexplorer.reservationCoverage', 'costexplorer.savingsPlansCoverage'],
  options: z.object({
    /** An on-demand instance running (or an Auto Scaling group's MinSize kept) for more than this many days is steady baseline capacity. */
    steadyDays: z.number().int().positive().default(30),
    /** Warn when more than this share of steady capacity (in normalised units) is not reserved. */
    uncoveredThreshold: z.number().min(0).max(1).default(0.5),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'COST07-BP04', coverage: 'partial',
      note: 'EC2 only: steady on-demand capacity against RIs; Savings Plans make it indeterminate.',
    },
  ],
  docs: {
    rationale:
      'Instances that run all the time cost far less reserved (1 or 3 years) than on demand; reservations are a ' +
      'billing construct and need no change to the instances.',
    checks:
      'Per region: steady capacity = running on-demand instances older than steadyDays, plus the MinSize baseline of ' +
      'Auto Scaling groups created more than steadyDays ago (that many running members, oldest first, whatever their ' +
      'age: groups replace instances), in normalised units (nano 0.25 ' +
      '... large 4, xlarge 8, Nxlarge 8N). Active RIs are matched from inventory: zonal RIs by type and AZ, regional ' +
      'Linux RIs size-flexibly within their family, other RIs by exact type. Warns when the uncovered share is over ' +
      'uncoveredThreshold; passes otherwise. Any active Compute Savings Plan (or an EC2 Instance plan for the region) ' +
      'makes coverage indeterminate without Cost Explorer: info. With --enable-cost-explorer the last 30 days of ' +
      'GetReservationCoverage and GetSavingsPlansCoverage (EC2, by region) decide instead: the share of running hours ' +
      'no RI paid for, times the share of eligible spend no Savings Plan paid for, against uncoveredThreshold (an ' +
      'estimate: CE reports RI coverage in hours and Savings Plans coverage in dollars). Info for RIs expiring within 30 days and RIs with ' +
      'unused capacity. Reservations bought in another account of the organization are not visible.',
    remediation:
      'Cover the steady baseline with a Compute Savings Plan (flexible across family, region, Fargate and Lambda) or ' +
      'RIs sized from Cost Explorer recommendations; renew or replace expiring reservations; modify or sell unused RIs.',
    cli: 'aws ce get-savings-plans-purchase-recommendation --savings-plans-type COMPUTE_SP --term-in-years ONE_YEAR --payment-option NO_UPFRONT --lookback-period-in-days THIRTY_DAYS',
    outdated:
      'Partly outdated: Compute Savings Plans (2019) are usually preferable to RIs, being flexible across instance ' +
      'family, region, Fargate and Lambda. The rule accepts either; exact coverage needs Cost Explorer (billed per request).',
    links: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/apply_ri.html',
      'https://docs.aws.amazon.com/savingsplans/latest/userguide/what-is-savings-plans.html',
      'https://docs.aws.amazon.com/cost-management/latest/userguide/ce-default-reports.html',
    ],
  },
  messages: {
    expiring: '{{id}} ({{count}} x {{type}}) expires on {{date}}',
    unused: '{{id}} ({{count}} x {{type}}, {{scope}}) is {{usage}}: no matching running on-demand instance',
    indeterminate: '{{steady}} steady on-demand instance(s) in {{region}}, {{uncoveredPercent}}% of their normalised capacity not covered by RIs; coverage is indeterminate without Cost Explorer (--enable-cost-explorer) because Savings Plans apply ({{plans}})',
    ceUncovered: '{{uncoveredPercent}}% of EC2 running hours in {{region}} over the last 30 days ran on demand, covered by neither RIs nor Savings Plans (over {{threshold}}%; Cost Explorer)',
    ceCovered: '{{uncoveredPercent}}% of EC2 running hours in {{region}} over the last 30 days ran on demand, not covered by RIs or Savings Plans (threshold {{threshold}}%; Cost Explorer)',
    uncovered: '{{steady}} steady on-demand instance(s) in {{region}}, {{uncoveredPercent}}% of their normalised capacity not covered by RIs (over {{threshold}}%) and no Savings Plan owned by this account: consider a Compute Savings Plan or RIs',
    covered: '{{steady}} steady on-demand instance(s) in {{region}}, {{uncoveredPercent}}% of their normalised capacity not covered by RIs (threshold {{threshold}}%)',
  },
  *check({ ec2, savingsplans, autoscaling, costexplorer }, { options, now, meta, account, unavailable }) {
    const baseline = fleetBaseline(autoscaling.groups, ec2.instances, now, options.steadyDays);
    const ri = costexplorer.reservationCoverage;
    const sp = costexplorer.savingsPlansCoverage;
    const plans = savingsplans.savingsPlans.filter((p) => !p.state || p.state === 'active');
    const compute = plans.filter((p) => p.savingsPlanType === 'Compute');
    const regions = [...new Set([...meta.regions, ...ec2.instances.map((i) => i.Region), ...ec2.reservedInstances.map((r) => r.Region)])];
    for (const region of regions) {
      const reservations = ec2.reservedInstances.filter((r) => r.Region === region);
      const e = estimateCoverage(ec2.instances.filter((i) => i.Region === region), reservations, now, options.steadyDays, baseline);
      for (const u of e.reservations) {
        const r = u.reservation;
        const ri = { id: r.ReservedInstancesId, count: r.InstanceCount ?? 1, type: r.InstanceType };
        const end = r.End ? new Date(r.End) : undefined;
        if (end && end.getTime() - now.getTime() <= 30 * DAY)
          yield info(r, 'expiring', { ...ri, date: end.toISOString().slice(0, 10) }, {
            evidence: { End: end.toISOString() },
          });
        if (u.used < u.capacity)
          yield info(r, 'unused', { ...ri, scope: r.Scope ?? 'Region', usage: u.used === 0 ? 'unused' : `partly unused (${fmt(u.capacity - u.used)} of ${fmt(u.capacity)} ${u.unit})` }, {
            evidence: { capacity: u.capacity, used: u.used, unit: u.unit },
          });
      }
      if (e.steadyUnits === 0) continue;
      const uncovered = e.steadyUnits - e.coveredSteadyUnits;
      const share = uncovered / e.steadyUnits;
      const steadyCount = e.instances.filter((c) => c.steady).length;
      const evidence = {
        steadyInstances: steadyCount,
        steadyUnits: e.steadyUnits,
        coveredUnits: e.coveredSteadyUnits,
        uncoveredShare: Number(share.toFixed(3)),
        activeReservations: reservations.filter((r) => isActiveReservation(r, now)).length,
        uncovered: e.instances.filter((c) => c.steady && c.covered < c.units).map((c) => `${c.instance.InstanceId} (${c.instance.InstanceType})`),
      };
      const regional = plans.filter((p) => p.savingsPlanType === 'EC2Instance' && p.region === region);
      const where = account(region, 'ec2');
      const summary = { steady: steadyCount, region, uncoveredPercent: Math.round(share * 100) };
      const threshold = Math.round(options.uncoveredThreshold * 100);
      // Cost Explorer measured what the inventory cannot tell once Savings Plans apply.
      const measured = (compute.length || regional.length) && ri && sp && !unavailable('costexplorer.reservationCoverage', 'global') && !unavailable('costexplorer.savingsPlansCoverage', 'global')
        ? measuredCoverage(ri, sp, region)
        : undefined;
      if (measured) {
        const m = { region, uncoveredPercent: Math.round(measured.uncoveredShare * 100), threshold };
        const ceEvidence = { ...evidence, uncoveredShare: Number(measured.uncoveredShare.toFixed(3)), runningHours: measured.runningHours, reservedHours: measured.reservedHours, savingsPlansOnDemandShare: Number(measured.savingsPlansOnDemandShare.toFixed(3)) };
        if (measured.uncoveredShare > options.uncoveredThreshold) yield warn(where, 'ceUncovered', m, { evidence: ceEvidence });
        else yield pass(where, 'ceCovered', m, { evidence: ceEvidence });
      } else if (compute.length || regional.length)
        yield info(where, 'indeterminate', { ...summary, plans: [...compute, ...regional].map((p) => `${p.savingsPlanType} ${p.savingsPlanId}`).join(', ') }, {
          evidence: { ...evidence, savingsPlans: [...compute, ...regional].map((p) => p.savingsPlanId) },
        });
      else if (share > options.uncoveredThreshold)
        yield warn(where, 'uncovered', { ...summary, threshold }, { evidence });
      else yield pass(where, 'covered', { ...summary, threshold }, { evidence });
    }
  },
});

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
