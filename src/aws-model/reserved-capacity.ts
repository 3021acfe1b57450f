/**
 * Reserved-instance coverage estimated from inventory (for ec2-reserved-capacity-coverage), also used for context
 * by arch-aws-workload-fit. Exact coverage needs billing data (Cost Explorer); this is the estimate:
 *
 * - Zonal RIs cover instances of the exact type in their AZ.
 * - Regional Linux/UNIX RIs of default tenancy are size-flexible: they cover any size of their family
 *   in the region, counted in normalised units (nano 0.25 ... large 4, xlarge 8, Nxlarge 8N).
 * - Other regional RIs (Windows, RHEL, SUSE, dedicated tenancy) cover the exact type anywhere in the region.
 *
 * Steady instances are matched first: reservations are meant for the always-on baseline.
 */
import { ageDays, type AgedInstance } from './instance-age.js';

/** Normalisation factors by size, as AWS defines them for size-flexible reservations (larger NxLarge sizes are 8N). */
export const SIZE_FACTORS: Readonly<Record<string, number>> = {
  nano: 0.25,
  micro: 0.5,
  small: 1,
  medium: 2,
  large: 4,
  xlarge: 8,
};

/** Units given to a size without a known factor (`metal`): matched by exact type only. */
export const UNKNOWN_SIZE_UNITS = 8;

export function splitInstanceType(type: string): { family: string; size: string } {
  const i = type.indexOf('.');
  return i < 0 ? { family: type, size: '' } : { family: type.slice(0, i), size: type.slice(i + 1) };
}

/** The normalisation factor of an instance type, or undefined for sizes without one (`metal`). */
export function normalizationFactor(type: string): number | undefined {
  const { size } = splitInstanceType(type);
  if (size in SIZE_FACTORS) return SIZE_FACTORS[size];
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? 8 * Number(m[1]) : undefined;
}

export interface CapacityInstance extends AgedInstance {
  InstanceId: string;
  InstanceType?: string | null;
  InstanceLifecycle?: string | null;
  State?: { Name?: string | null } | null;
  Placement?: { AvailabilityZone?: string | null; Tenancy?: string | null } | null;
  Platform?: string | null;
  PlatformDetails?: string | null;
  Region: string;
}

export interface Reservation {
  ReservedInstancesId: string;
  InstanceType?: string | null;
  InstanceCount?: number | null;
  Scope?: string | null;
  AvailabilityZone?: string | null;
  ProductDescription?: string | null;
  InstanceTenancy?: string | null;
  State?: string | null;
  End?: string | Date | null;
  Region: string;
}

/** Running and billed on demand: Spot, Scheduled and Capacity Block instances are never covered by RIs. */
export function isOnDemandRunning(i: CapacityInstance): boolean {
  return i.State?.Name === 'running' && !i.InstanceLifecycle && !!i.InstanceType;
}

/** On demand, running, and in existence for more than `steadyDays`. */
export function isSteady(i: CapacityInstance, now: Date, steadyDays: number): boolean {
  const age = ageDays(i, now);
  return isOnDemandRunning(i) && age !== undefined && age > steadyDays;
}

export function instanceUnits(type: string): number {
  return normalizationFactor(type) ?? UNKNOWN_SIZE_UNITS;
}

/** `Linux/UNIX (Amazon VPC)` and `Linux/UNIX` are the same platform for matching. */
export function normalizePlatform(p: string | null | undefined): string {
  return (p ?? '').replace(/\s*\(Amazon VPC\)\s*$/i, '').trim().toLowerCase();
}

function instancePlatform(i: CapacityInstance): string {
  if (i.PlatformDetails) return normalizePlatform(i.PlatformDetails);
  return i.Platform?.toLowerCase() === 'windows' ? 'windows' : 'linux/unix';
}

const tenancyOf = (t: string | null | undefined) => (t ? t.toLowerCase() : 'default');

export interface InstanceCoverage<I extends CapacityInstance = CapacityInstance> {
  instance: I;
  units: number;
  covered: number;
  steady: boolean;
}

export interface ReservationUse<R extends Reservation = Reservation> {
  reservation: R;
  /** Capacity in normalised units (size-flexible) or instances (exact match). */
  capacity: number;
  used: number;
  unit: 'units' | 'instances';
  sizeFlexible: boolean;
}

export interface CoverageEstimate<I extends CapacityInstance = CapacityInstance, R extends Reservation = Reservation> {
  instances: InstanceCoverage<I>[];
  reservations: ReservationUse<R>[];
  steadyUnits: number;
  coveredSteadyUnits: number;
}

/** Whether an RI is still active at `now` (state active and not past its end). */
export function isActiveReservation(r: Reservation, now: Date): boolean {
  if (r.State && r.State !== 'active') return false;
  const end = r.End ? new Date(r.End).getTime() : undefined;
  return end === undefined || Number.isNaN(end) || end > now.getTime();
}

export interface FleetGroup {
  MinSize?: number | null;
  CreatedTime?: string | Date | null;
  Instances?: readonly { InstanceId?: string | null; LifecycleState?: string | null }[] | null;
}

/**
 * The always-on baseline of Auto Scaling groups: a group that has existed for more than `steadyDays` keeps MinSize
 * instances running however often it replaces them, so that many of its running on-demand members (oldest first)
 * are steady capacity whatever their own age.
 */
export function fleetBaseline(groups: readonly FleetGroup[], instances: readonly CapacityInstance[], now: Date, steadyDays: number): Set<string> {
  const byId = new Map(instances.filter(isOnDemandRunning).map((i) => [i.InstanceId, i]));
  const out = new Set<string>();
  for (const g of groups) {
    const created = g.CreatedTime ? new Date(g.CreatedTime).getTime() : NaN;
    if (!(g.MinSize && g.MinSize > 0) || Number.isNaN(created) || (now.getTime() - created) / 86_400_000 <= steadyDays) continue;
    const members = (g.Instances ?? [])
      .flatMap((m) => (m.InstanceId && byId.has(m.InstanceId) ? [byId.get(m.InstanceId)!] : []))
      .sort((a, b) => launched(a) - launched(b) || a.InstanceId.localeCompare(b.InstanceId));
    for (const m of members.slice(0, g.MinSize)) out.add(m.InstanceId);
  }
  return out;
}

function launched(i: CapacityInstance): number {
  const t = i.LaunchTime ? new Date(i.LaunchTime).getTime() : NaN;
  return Number.isNaN(t) ? Infinity : t;
}

/** Estimates RI coverage of one region's on-demand instances; `baseline` ids are steady whatever their age. */
export function estimateCoverage<I extends CapacityInstance, R extends Reservation>(
  instances: readonly I[],
  reservations: readonly R[],
  now: Date,
  steadyDays: number,
  baseline: ReadonlySet<string> = new Set(),
): CoverageEstimate<I, R> {
  const cov: InstanceCoverage<I>[] = instances
    .filter(isOnDemandRunning)
    .map((i) => ({ instance: i, units: instanceUnits(i.InstanceType!), covered: 0, steady: isSteady(i, now, steadyDays) || baseline.has(i.InstanceId) }))
    // Steady first, then by id for a stable result.
    .sort((a, b) => Number(b.steady) - Number(a.steady) || a.instance.InstanceId.localeCompare(b.instance.InstanceId));

  const uses: ReservationUse<R>[] = reservations
    .filter((r) => isActiveReservation(r, now) && r.InstanceType)
    .map((r) => {
      const platform = normalizePlatform(r.ProductDescription || 'Linux/UNIX');
      const zonal = r.Scope === 'Availability Zone';
      const sizeFlexible =
        !zonal && platform === 'linux/unix' && tenancyOf(r.InstanceTenancy) === 'default' && normalizationFactor(r.InstanceType!) !== undefined;
      const count = r.InstanceCount ?? 1;
      return sizeFlexible
        ? { reservation: r, capacity: count * normalizationFactor(r.InstanceType!)!, used: 0, unit: 'units' as const, sizeFlexible }
        : { reservation: r, capacity: count, used: 0, unit: 'instances' as const, sizeFlexible };
    });

  // A reservation can only apply to instances of its platform and tenancy, and of its family
  // (size-flexible) or type (exact): instances are bucketed by those keys, in `cov` order, so each
  // reservation scans its candidates only (the result is the same as scanning every instance).
  const exactBuckets = new Map<string, { items: InstanceCoverage<I>[]; start: number }>();
  const familyBuckets = new Map<string, { items: InstanceCoverage<I>[]; start: number }>();
  const bucket = (m: typeof exactBuckets, k: string) => m.get(k) ?? m.set(k, { items: [], start: 0 }).get(k)!;
  for (const c of cov) {
    const base = `${instancePlatform(c.instance)}\0${tenancyOf(c.instance.Placement?.Tenancy)}\0`;
    bucket(exactBuckets, base + c.instance.InstanceType!).items.push(c);
    bucket(familyBuckets, base + splitInstanceType(c.instance.InstanceType!).family).items.push(c);
  }

  // Exact-type reservations first (zonal, then regional), then the size-flexible pools.
  const order = [...uses].sort(
    (a, b) => Number(a.sizeFlexible) - Number(b.sizeFlexible) || Number(b.reservation.Scope === 'Availability Zone') - Number(a.reservation.Scope === 'Availability Zone'),
  );
  for (const u of order) {
    const r = u.reservation;
    const base = `${normalizePlatform(r.ProductDescription || 'Linux/UNIX')}\0${tenancyOf(r.InstanceTenancy)}\0`;
    const b = (u.sizeFlexible ? familyBuckets : exactBuckets).get(base + (u.sizeFlexible ? splitInstanceType(r.InstanceType!).family : r.InstanceType!));
    if (!b) continue;
    // Fully covered instances stay covered: skip them once for all.
    while (b.start < b.items.length && b.items[b.start]!.covered >= b.items[b.start]!.units) b.start++;
    for (let k = b.start; k < b.items.length; k++) {
      const c = b.items[k]!;
      if (u.used >= u.capacity) break;
      if (c.covered >= c.units) continue;
      if (u.sizeFlexible) {
        const take = Math.min(c.units - c.covered, u.capacity - u.used);
        c.covered += take;
        u.used += take;
      } else {
        if (r.Scope === 'Availability Zone' && c.instance.Placement?.AvailabilityZone !== r.AvailabilityZone) continue;
        if (c.covered > 0) continue;
        c.covered = c.units;
        u.used += 1;
      }
    }
  }
  const steady = cov.filter((c) => c.steady);
  return {
    instances: cov,
    reservations: uses,
    steadyUnits: steady.reduce((n, c) => n + c.units, 0),
    coveredSteadyUnits: steady.reduce((n, c) => n + c.covered, 0),
  };
}

export interface ReservationCoverageItem {
  Region: string;
  CoverageHours?: { OnDemandHours?: string | null; ReservedHours?: string | null; TotalRunningHours?: string | null } | null;
}
export interface SavingsPlansCoverageItem {
  Region: string;
  Coverage?: { OnDemandCost?: string | null; TotalCost?: string | null } | null;
}

export interface MeasuredCoverage {
  runningHours: number;
  reservedHours: number;
  /** Share of the Savings-Plan-eligible spend paid on demand (1 when Cost Explorer reports no eligible spend). */
  savingsPlansOnDemandShare: number;
  /** Share of running hours neither RIs nor Savings Plans paid for. */
  uncoveredShare: number;
}

/**
 * Coverage of one region as Cost Explorer measured it. RIs apply first: GetReservationCoverage's OnDemandHours are the
 * hours no RI paid for (Savings Plans included); of those, Savings Plans paid the share of eligible spend that
 * GetSavingsPlansCoverage reports as covered. So uncovered = OnDemandHours x (OnDemandCost / TotalCost) / running
 * hours: an estimate (hours and dollars weigh instance sizes differently), undefined when nothing ran.
 */
export function measuredCoverage(ri: readonly ReservationCoverageItem[], sp: readonly SavingsPlansCoverageItem[], region: string): MeasuredCoverage | undefined {
  const num = (v: string | null | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : 0);
  const mine = ri.filter((c) => c.Region === region);
  const runningHours = mine.reduce((n, c) => n + num(c.CoverageHours?.TotalRunningHours), 0);
  if (runningHours <= 0) return undefined;
  const reservedHours = mine.reduce((n, c) => n + num(c.CoverageHours?.ReservedHours), 0);
  const onDemandHours = mine.reduce((n, c) => n + num(c.CoverageHours?.OnDemandHours), 0);
  const spMine = sp.filter((c) => c.Region === region);
  const total = spMine.reduce((n, c) => n + num(c.Coverage?.TotalCost), 0);
  const onDemandCost = spMine.reduce((n, c) => n + num(c.Coverage?.OnDemandCost), 0);
  const savingsPlansOnDemandShare = total > 0 ? Math.min(1, onDemandCost / total) : 1;
  return { runningHours, reservedHours, savingsPlansOnDemandShare, uncoveredShare: (onDemandHours * savingsPlansOnDemandShare) / runningHours };
}
