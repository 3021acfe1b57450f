import { describe, expect, it } from 'vitest';
import {
  estimateCoverage,
  isActiveReservation,
  isSteady,
  normalizationFactor,
  normalizePlatform,
  type CapacityInstance,
  type Reservation,
} from '../../src/aws-model/reserved-capacity.js';

const now = new Date('2026-11-01T12:00:00Z');
const OLD = '2026-01-01T00:00:00Z';
const NEW = '2026-10-30T00:00:00Z';
const inst = (id: string, type: string, extra: Partial<CapacityInstance> = {}): CapacityInstance => ({
  InstanceId: id,
  InstanceType: type,
  State: { Name: 'running' },
  LaunchTime: OLD,
  Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
  PlatformDetails: 'Linux/UNIX',
  Region: 'us-east-1',
  ...extra,
});
const ri = (id: string, type: string, count: number, extra: Partial<Reservation> = {}): Reservation => ({
  ReservedInstancesId: id,
  InstanceType: type,
  InstanceCount: count,
  Scope: 'Region',
  ProductDescription: 'Linux/UNIX',
  InstanceTenancy: 'default',
  State: 'active',
  Region: 'us-east-1',
  ...extra,
});

describe('normalizationFactor (AWS size-flexible normalisation factors)', () => {
  it.each([
    ['t3.nano', 0.25], ['t3.micro', 0.5], ['t3.small', 1], ['m5.medium', 2], ['m5.large', 4], ['m5.xlarge', 8],
    ['m5.2xlarge', 16], ['m5.4xlarge', 32], ['m5.8xlarge', 64], ['m5.16xlarge', 128], ['x1e.32xlarge', 256],
    ['c5.9xlarge', 72], ['m7i-flex.large', 4],
  ])('%s = %d', (type, f) => expect(normalizationFactor(type)).toBe(f));

  it('has no factor for metal sizes', () => {
    expect(normalizationFactor('m5.metal')).toBeUndefined();
    expect(normalizationFactor('weird')).toBeUndefined();
  });
});

describe('steady and active', () => {
  it('steady = on-demand, running, older than steadyDays', () => {
    expect(isSteady(inst('i', 'm5.large'), now, 30)).toBe(true);
    expect(isSteady(inst('i', 'm5.large', { LaunchTime: NEW }), now, 30)).toBe(false);
    expect(isSteady(inst('i', 'm5.large', { InstanceLifecycle: 'spot' }), now, 30)).toBe(false);
    expect(isSteady(inst('i', 'm5.large', { State: { Name: 'stopped' } }), now, 30)).toBe(false);
  });

  it('a reservation past its end or retired is not active', () => {
    expect(isActiveReservation(ri('r', 'm5.large', 1, { End: '2026-10-01T00:00:00Z' }), now)).toBe(false);
    expect(isActiveReservation(ri('r', 'm5.large', 1, { State: 'retired' }), now)).toBe(false);
    expect(isActiveReservation(ri('r', 'm5.large', 1, { End: '2027-10-01T00:00:00Z' }), now)).toBe(true);
  });

  it('normalizes the VPC suffix of product descriptions', () => {
    expect(normalizePlatform('Linux/UNIX (Amazon VPC)')).toBe('linux/unix');
    expect(normalizePlatform('Windows')).toBe('windows');
  });
});

describe('estimateCoverage', () => {
  it('a regional Linux RI is size-flexible within its family', () => {
    // 2 x m5.large = 8 units cover one m5.xlarge (8 units); the m5.2xlarge (16) stays uncovered; c5 is another family.
    const e = estimateCoverage(
      [inst('i-a', 'm5.xlarge'), inst('i-b', 'm5.2xlarge'), inst('i-c', 'c5.large')],
      [ri('r-1', 'm5.large', 2)],
      now,
      30,
    );
    expect(e.steadyUnits).toBe(8 + 16 + 4);
    expect(e.coveredSteadyUnits).toBe(8);
    expect(e.reservations[0]).toMatchObject({ capacity: 8, used: 8, sizeFlexible: true, unit: 'units' });
  });

  it('partial coverage: one m5.large RI covers half of an m5.xlarge', () => {
    const e = estimateCoverage([inst('i-a', 'm5.xlarge')], [ri('r-1', 'm5.large', 1)], now, 30);
    expect(e.instances[0]).toMatchObject({ units: 8, covered: 4 });
  });

  it('zonal RIs need the exact type and AZ', () => {
    const e = estimateCoverage(
      [inst('i-a', 'm5.large'), inst('i-b', 'm5.large', { Placement: { AvailabilityZone: 'us-east-1b' } }), inst('i-c', 'm5.xlarge')],
      [ri('r-z', 'm5.large', 3, { Scope: 'Availability Zone', AvailabilityZone: 'us-east-1a' })],
      now,
      30,
    );
    expect(e.instances.find((c) => c.instance.InstanceId === 'i-a')?.covered).toBe(4);
    expect(e.coveredSteadyUnits).toBe(4);
    expect(e.reservations[0]).toMatchObject({ capacity: 3, used: 1, unit: 'instances' });
  });

  it('Windows and dedicated RIs match the exact type and platform only', () => {
    const e = estimateCoverage(
      [
        inst('i-win', 'm5.large', { PlatformDetails: 'Windows' }),
        inst('i-win2', 'm5.xlarge', { PlatformDetails: 'Windows' }),
        inst('i-lin', 'm5.large'),
        inst('i-ded', 'c5.large', { Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'dedicated' } }),
      ],
      [ri('r-w', 'm5.large', 2, { ProductDescription: 'Windows (Amazon VPC)' }), ri('r-d', 'c5.large', 1, { InstanceTenancy: 'dedicated' })],
      now,
      30,
    );
    const covered = Object.fromEntries(e.instances.map((c) => [c.instance.InstanceId, c.covered]));
    expect(covered).toEqual({ 'i-win': 4, 'i-win2': 0, 'i-lin': 0, 'i-ded': 4 });
    expect(e.reservations.map((u) => u.used)).toEqual([1, 1]);
  });

  it('steady instances are matched before new ones; spot instances never', () => {
    const e = estimateCoverage(
      [inst('i-new', 'm5.large', { LaunchTime: NEW }), inst('i-old', 'm5.large'), inst('i-spot', 'm5.large', { InstanceLifecycle: 'spot' })],
      [ri('r-1', 'm5.large', 1)],
      now,
      30,
    );
    expect(e.instances.map((c) => [c.instance.InstanceId, c.covered])).toEqual([
      ['i-old', 4],
      ['i-new', 0],
    ]);
    expect(e.coveredSteadyUnits).toBe(4);
  });

  it('an expired reservation covers nothing; platform defaults to Linux when PlatformDetails is absent', () => {
    const e = estimateCoverage(
      [inst('i-a', 'm5.large', { PlatformDetails: undefined }), inst('i-w', 'm5.large', { PlatformDetails: undefined, Platform: 'windows' })],
      [ri('r-old', 'm5.large', 5, { End: '2026-01-01T00:00:00Z' }), ri('r-1', 'm5.large', 5)],
      now,
      30,
    );
    expect(e.reservations).toHaveLength(1);
    expect(e.instances.map((c) => c.covered)).toEqual([4, 0]);
  });
});
