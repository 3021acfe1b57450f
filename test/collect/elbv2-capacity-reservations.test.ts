import {
  DescribeCapacityReservationCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);

beforeEach(() => elbv2.reset());
afterEach(() => elbv2.reset());

const arn = (kind: string, name: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${kind}/${name}/0123456789abcdef`;

describe('elbv2 capacity reservations', () => {
  it('asks for ALBs and NLBs (both pages of load balancers), never GWLBs; a deleted LB is skipped', async () => {
    elbv2
      .on(DescribeLoadBalancersCommand, { Marker: undefined })
      .resolves({ LoadBalancers: [{ LoadBalancerArn: arn('app', 'web'), Type: 'application' }], NextMarker: 'p2' })
      .on(DescribeLoadBalancersCommand, { Marker: 'p2' })
      .resolves({
        LoadBalancers: [
          { LoadBalancerArn: arn('net', 'tcp'), Type: 'network' },
          { LoadBalancerArn: arn('gwy', 'fw'), Type: 'gateway' },
          { LoadBalancerArn: arn('app', 'gone'), Type: 'application' },
        ],
      });
    elbv2
      .on(DescribeCapacityReservationCommand, { LoadBalancerArn: arn('app', 'web') })
      .resolves({
        MinimumLoadBalancerCapacity: { CapacityUnits: 500 },
        DecreaseRequestsRemaining: 3,
        CapacityReservationState: [{ AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 250, State: { Code: 'provisioned' } }],
      })
      .on(DescribeCapacityReservationCommand, { LoadBalancerArn: arn('net', 'tcp') })
      .resolves({ CapacityReservationState: [] })
      .on(DescribeCapacityReservationCommand, { LoadBalancerArn: arn('app', 'gone') })
      .rejects(awsError('LoadBalancerNotFoundException'));
    const snap = await collectWith(['elbv2.capacityReservations']);
    const items = (snap.elbv2 as { capacityReservations: Record<string, unknown>[] }).capacityReservations;
    expect(items.map((i) => i.Arn)).toEqual([arn('app', 'web'), arn('net', 'tcp')]);
    expect(items[0]).toMatchObject({ MinimumLoadBalancerCapacity: { CapacityUnits: 500 }, Region: 'us-east-1' });
    expect(items[0]).not.toHaveProperty('$metadata');
    expect(elbv2.commandCalls(DescribeCapacityReservationCommand)).toHaveLength(3);
  });

  it('AccessDenied is an error of the region, not an empty list', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: arn('app', 'web'), Type: 'application' }] });
    elbv2.on(DescribeCapacityReservationCommand).rejects(awsError('AccessDenied'));
    const snap = await collectWith(['elbv2.capacityReservations']);
    const slice = snap.elbv2 as { errors: Record<string, unknown>[] };
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'elbv2.capacityReservations', code: 'AccessDenied', operation: 'elasticloadbalancing:DescribeCapacityReservation' }),
    ]);
  });
});
