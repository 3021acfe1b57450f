/**
 * How long an instance has existed. `LaunchTime` resets on every stop/start, so an old server that was
 * restarted looks young; the root volume's `AttachTime` (kept across stop/start) tells its real age.
 */

export interface AgedInstance {
  LaunchTime?: string | Date | null;
  RootDeviceName?: string | null;
  BlockDeviceMappings?: readonly { DeviceName?: string | null; Ebs?: { AttachTime?: string | Date | null } | null }[] | null;
}

function toMs(d: string | Date | null | undefined): number | undefined {
  if (d === undefined || d === null || d === '') return undefined;
  const ms = d instanceof Date ? d.getTime() : Date.parse(d);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When the instance came into being: the earlier of `LaunchTime` and the root volume's attach time
 * (the mapping named by `RootDeviceName`, or the first mapping when the root is not named).
 */
export function instanceSince(i: AgedInstance): { since: Date; source: 'LaunchTime' | 'root volume AttachTime' } | undefined {
  const launch = toMs(i.LaunchTime);
  const mappings = i.BlockDeviceMappings ?? [];
  const root = (i.RootDeviceName ? mappings.find((m) => m.DeviceName === i.RootDeviceName) : undefined) ?? mappings[0];
  const attach = toMs(root?.Ebs?.AttachTime);
  if (launch === undefined && attach === undefined) return undefined;
  if (attach !== undefined && (launch === undefined || attach < launch)) return { since: new Date(attach), source: 'root volume AttachTime' };
  return { since: new Date(launch!), source: 'LaunchTime' };
}

/** Whole days from `since` to `now` (0 when unknown or in the future). */
export function ageDays(i: AgedInstance, now: Date): number | undefined {
  const s = instanceSince(i);
  if (!s) return undefined;
  return Math.max(0, Math.floor((now.getTime() - s.since.getTime()) / 86_400_000));
}
