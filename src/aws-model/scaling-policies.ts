/**
 * Auto Scaling policies: what kind they are, which way they scale and which alarms drive them.
 * Shared by ec2-detailed-monitoring, asg-scale-in-on-insufficient-data and asg-single-scaling-trigger.
 */
import type { AlarmLike } from './alarms.js';

export interface PolicyLike {
  Region: string;
  PolicyARN: string;
  PolicyName?: string | null;
  AutoScalingGroupName?: string | null;
  PolicyType?: string | null;
  AdjustmentType?: string | null;
  ScalingAdjustment?: number | null;
  StepAdjustments?: { ScalingAdjustment?: number | null }[] | null;
  Alarms?: { AlarmName?: string | null }[] | null;
  Enabled?: boolean | null;
}

export interface GroupSize {
  MinSize?: number | null;
  MaxSize?: number | null;
}

export type PolicyKind = 'simple' | 'step' | 'target-tracking' | 'predictive' | 'other';

/** SimpleScaling is the default when PolicyType is absent (or "" from moto). */
export function policyKind(p: PolicyLike): PolicyKind {
  switch (p.PolicyType || 'SimpleScaling') {
    case 'SimpleScaling':
      return 'simple';
    case 'StepScaling':
      return 'step';
    case 'TargetTrackingScaling':
      return 'target-tracking';
    case 'PredictiveScaling':
      return 'predictive';
    default:
      return 'other';
  }
}

/** Disabled policies (Enabled === false) never run. */
export function policyEnabled(p: PolicyLike): boolean {
  return p.Enabled !== false;
}

export type Direction = 'in' | 'out' | 'mixed' | 'unknown';

/**
 * Which way one adjustment moves the group. ChangeInCapacity / PercentChangeInCapacity: by its
 * sign. ExactCapacity: a capacity at or below MinSize is a scale-in, at or above MaxSize a
 * scale-out; anything in between cannot be told apart without the alarm.
 */
function adjustmentDirection(adjustment: number | null | undefined, adjustmentType: string | null | undefined, group?: GroupSize): Direction {
  if (typeof adjustment !== 'number') return 'unknown';
  if (adjustmentType === 'ExactCapacity') {
    if (typeof group?.MinSize === 'number' && adjustment <= group.MinSize) return 'in';
    if (typeof group?.MaxSize === 'number' && adjustment >= group.MaxSize) return 'out';
    return 'unknown';
  }
  if (adjustment < 0) return 'in';
  if (adjustment > 0) return 'out';
  return 'unknown';
}

/**
 * Scale-in or scale-out, for simple and step policies. A step policy is a scale-in when all its
 * steps that change capacity remove capacity (zero-adjustment steps are dead bands and ignored);
 * steps in both directions make it `mixed`.
 */
export function policyDirection(p: PolicyLike, group?: GroupSize): Direction {
  const kind = policyKind(p);
  if (kind === 'simple') return adjustmentDirection(p.ScalingAdjustment, p.AdjustmentType, group);
  if (kind !== 'step') return 'unknown';
  const dirs = new Set((p.StepAdjustments ?? []).map((s) => adjustmentDirection(s.ScalingAdjustment, p.AdjustmentType, group)));
  dirs.delete('unknown');
  if (dirs.size === 0) return 'unknown';
  return dirs.size === 1 ? [...dirs][0]! : 'mixed';
}

export interface PolicyAlarms<A> {
  alarms: A[];
  /** Names the policy lists that no alarm of its region carries. */
  missing: string[];
}

/**
 * The alarms that drive a policy: those it lists in Alarms[] and any alarm of its region naming
 * the policy ARN in one of its action lists (the listing can lag, and OK / INSUFFICIENT_DATA
 * actions are not always listed).
 */
export function policyAlarms<A extends AlarmLike & { Region: string }>(p: PolicyLike, alarms: readonly A[]): PolicyAlarms<A> {
  const names = new Set((p.Alarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : [])));
  // Same result as filtering every alarm, through an index built once per alarm list (a large
  // account has thousands of policies and alarms): candidates by name and by action, in list order.
  const index = alarmIndex(alarms);
  const hits = new Set<number>();
  for (const n of names) for (const i of index.get(`${p.Region}\0n\0${n}`) ?? []) hits.add(i);
  for (const i of index.get(`${p.Region}\0a\0${p.PolicyARN}`) ?? []) hits.add(i);
  const found = [...hits].sort((x, y) => x - y).map((i) => alarms[i]!);
  const foundNames = new Set(found.map((a) => a.AlarmName));
  return { alarms: found, missing: [...names].filter((n) => !foundNames.has(n)) };
}

/** Metric alarms by region + name and region + action ARN (snapshot lists are not modified once loaded). */
const alarmIndexes = new WeakMap<readonly object[], Map<string, number[]>>();
function alarmIndex(alarms: readonly (AlarmLike & { Region: string })[]): Map<string, number[]> {
  let index = alarmIndexes.get(alarms);
  if (index) return index;
  index = new Map();
  const add = (k: string, i: number) => {
    const l = index!.get(k);
    if (!l) index!.set(k, [i]);
    else if (l[l.length - 1] !== i) l.push(i);
  };
  alarms.forEach((a, i) => {
    if (a.AlarmType === 'CompositeAlarm') return;
    if (a.AlarmName) add(`${a.Region}\0n\0${a.AlarmName}`, i);
    for (const list of [a.AlarmActions, a.OKActions, a.InsufficientDataActions])
      for (const action of list ?? []) add(`${a.Region}\0a\0${action}`, i);
  });
  alarmIndexes.set(alarms, index);
  return index;
}

/** Policies of one group (same region and name). */
export function groupPolicies<P extends PolicyLike>(group: { Region: string; AutoScalingGroupName: string }, policies: readonly P[]): P[] {
  let index = policyIndexes.get(policies) as Map<string, P[]> | undefined;
  if (!index) {
    index = new Map();
    for (const p of policies) {
      if (typeof p.AutoScalingGroupName !== 'string') continue;
      const k = `${p.Region}\0${p.AutoScalingGroupName}`;
      const l = index.get(k);
      if (l) l.push(p);
      else index.set(k, [p]);
    }
    policyIndexes.set(policies, index);
  }
  return [...(index.get(`${group.Region}\0${group.AutoScalingGroupName}`) ?? [])];
}
const policyIndexes = new WeakMap<readonly object[], Map<string, PolicyLike[]>>();
