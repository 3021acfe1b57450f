import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'elb-prewarm-capacity',
  section: 'elb',
  tip: "Pre-warm your ELBs if you're expecting heavy traffic.",
  title: 'Load balancers are ready for expected traffic spikes (LCU reservations reviewed)',
  kind: 'manual',
  severity: 'info',
  needs: ['elb.loadBalancers', 'elbv2.loadBalancers', 'elbv2.capacityReservations'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A load balancer scales with its traffic, but not instantly: a sudden, known spike (a launch, a sale, a ' +
      'broadcast) can outrun it. In 2014 the answer was asking AWS support to pre-warm the ELB.',
    checks:
      'Future events are not visible in AWS, so the rule gives the advice as one INFO for the account. As signals it ' +
      'adds an INFO per Classic Load Balancer (pre-warming one still needs a support case), per ALB/NLB holding an ' +
      'LCU reservation (billed while provisioned: is the event still ahead?) and per reservation that failed. It ' +
      'never fails.',
    remediation:
      'Before a known spike, reserve capacity on the ALB or NLB (LCU reservation) and reset it afterwards; move ' +
      'Classic Load Balancers to ALB/NLB. NLB reservations cover throughput only and do not apply to TLS listeners.',
    cli: 'aws elbv2 modify-capacity-reservation --load-balancer-arn <arn> --minimum-load-balancer-capacity CapacityUnits=<n>',
    outdated:
      'Mostly outdated in mechanism: ALB and NLB scale automatically, and the "ask support to pre-warm" step is ' +
      'replaced by self-service LCU reservations for ALB and NLB. Only Classic Load Balancers still need a support case.',
    links: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/capacity-unit-reservation.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/request-capacity-unit-reservation.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: before a known traffic spike, reserve LCU capacity on the ALB/NLB in its path (aws elbv2 ' +
      'modify-capacity-reservation) and reset it afterwards; Classic Load Balancers still need a support case.',
    classic: '{{name}} is a Classic Load Balancer: pre-warming it needs a support case; an ALB/NLB can reserve capacity itself',
    reservationFailed: '{{name}}: its capacity reservation failed in {{zones}}',
    reservationHeld: '{{name}} holds a reservation of {{units}} LCUs, billed while provisioned: confirm the event it was made for is still ahead',
  },
  *check({ elb, elbv2 }, ctx) {
    yield info(ctx.account(), 'manualCheck');
    for (const lb of elb.loadBalancers) yield info(lb, 'classic', { name: lb.LoadBalancerName }, { evidence: { type: 'classic' } });
    const lbs = new Map(elbv2.loadBalancers.map((lb) => [lb.LoadBalancerArn, lb]));
    for (const r of elbv2.capacityReservations) {
      const lb = lbs.get(r.LoadBalancerArn);
      const name = lb?.LoadBalancerName ?? r.LoadBalancerArn;
      const units = r.MinimumLoadBalancerCapacity?.CapacityUnits ?? 0;
      const states = (r.CapacityReservationState ?? []).map((s) => ({ zone: s.AvailabilityZone ?? null, state: s.State?.Code ?? null, effective: s.EffectiveCapacityUnits ?? null }));
      const failed = (r.CapacityReservationState ?? []).filter((s) => s.State?.Code === 'failed');
      // The load balancer when it was collected, else the reservation item (whose identity names its load balancer).
      const ref = lb ?? r;
      const evidence = { type: lb?.Type ?? null, capacityUnits: units, states, decreaseRequestsRemaining: r.DecreaseRequestsRemaining ?? null };
      if (failed.length)
        yield info(ref, 'reservationFailed', { name, zones: failed.map((s) => `${s.AvailabilityZone ?? '?'}${s.State?.Reason ? ` (${s.State.Reason})` : ''}`).join(', ') }, { evidence });
      else if (units > 0)
        yield info(ref, 'reservationHeld', { name, units }, { evidence });
    }
  },
});
