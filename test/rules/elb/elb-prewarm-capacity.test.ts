import rule from '../../../rules/elb/elb-prewarm-capacity.js';
import { RuleTester } from '../../rule-tester.js';

const A = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer';
const alb = { LoadBalancerArn: `${A}/app/web/1`, LoadBalancerName: 'web', Type: 'application', Arn: `${A}/app/web/1` };
const nlb = { LoadBalancerArn: `${A}/net/tcp/2`, LoadBalancerName: 'tcp', Type: 'network', Arn: `${A}/net/tcp/2` };

RuleTester.run(rule, {
  valid: [
    {
      name: 'only the advisory when no Classic LB and no reservation is held',
      notApplicable: true,
      snapshot: {
        elb: { loadBalancers: [] },
        elbv2: { loadBalancers: [alb, nlb], capacityReservations: [{ LoadBalancerArn: alb.LoadBalancerArn, CapacityReservationState: [], Arn: alb.Arn }] },
      },
    },
  ],
  invalid: [
    {
      name: 'advisory, Classic LB, held and failed reservations are INFO (never fail)',
      snapshot: {
        elb: { loadBalancers: [{ LoadBalancerName: 'legacy-clb', Arn: `${A}/legacy-clb` }] },
        elbv2: {
          loadBalancers: [alb, nlb],
          capacityReservations: [
            {
              LoadBalancerArn: alb.LoadBalancerArn,
              MinimumLoadBalancerCapacity: { CapacityUnits: 400 },
              CapacityReservationState: [{ AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 200, State: { Code: 'provisioned' } }],
              Arn: alb.Arn,
            },
            {
              LoadBalancerArn: nlb.LoadBalancerArn,
              MinimumLoadBalancerCapacity: { CapacityUnits: 1500 },
              CapacityReservationState: [{ AvailabilityZone: 'us-east-1b', State: { Code: 'failed', Reason: 'insufficient capacity' } }],
              Arn: nlb.Arn,
            },
          ],
        },
      },
      findings: [
        { status: 'info', severity: 'info', resource: '123456789012', message: /^Manual check: before a known traffic spike/ },
        { status: 'info', resource: 'legacy-clb', message: 'Classic Load Balancer: pre-warming it needs a support case' },
        { status: 'info', messageId: 'reservationHeld', resource: 'web', message: 'web holds a reservation of 400 LCUs', evidence: { capacityUnits: 400 } },
        { status: 'info', messageId: 'reservationFailed', resource: 'tcp', message: 'tcp: its capacity reservation failed in us-east-1b (insufficient capacity)' },
      ],
    },
    {
      name: 'a reservation whose load balancer was not collected is reported on the reservation item',
      snapshot: {
        elb: { loadBalancers: [] },
        elbv2: {
          loadBalancers: [],
          capacityReservations: [
            { LoadBalancerArn: alb.LoadBalancerArn, MinimumLoadBalancerCapacity: { CapacityUnits: 100 }, CapacityReservationState: [], Arn: alb.Arn },
          ],
        },
      },
      findings: [
        { status: 'info', messageId: 'manualCheck', resource: '123456789012' },
        { status: 'info', messageId: 'reservationHeld', resource: alb.Arn, message: `${alb.LoadBalancerArn} holds a reservation of 100 LCUs` },
      ],
    },
  ],
});
