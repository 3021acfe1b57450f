/**
 * Whether a Systems Manager State Manager association targets an instance (rule ops-automation-coverage).
 * Targets: `InstanceIds` (ids, or `*` for every managed node), `tag:<key>` (values), `tag-key` (keys).
 * Several target entries must all match. Resource-group targets cannot be resolved from the snapshot and
 * match nothing (reported as unresolved). The legacy `InstanceId` field targets one instance.
 */
import { hasTag, type Tags } from './instances.js';

export interface AssociationLike {
  InstanceId?: string | null;
  Targets?: readonly { Key?: string | null; Values?: readonly string[] | null }[] | null;
}

export type TargetMatch = 'match' | 'no-match' | 'unresolved';

export function associationTargets(a: AssociationLike, instance: { InstanceId: string; Tags?: Tags }): TargetMatch {
  if (a.InstanceId) return a.InstanceId === instance.InstanceId ? 'match' : 'no-match';
  const targets = a.Targets ?? [];
  if (targets.length === 0) return 'no-match';
  let unresolved = false;
  for (const t of targets) {
    const key = t.Key ?? '';
    const values = t.Values ?? [];
    let ok: boolean;
    if (key === 'InstanceIds') ok = values.includes('*') || values.includes(instance.InstanceId);
    else if (key.startsWith('tag:')) ok = values.some((v) => exactValue(instance.Tags, key.slice(4), v));
    else if (key === 'tag-key') ok = values.some((k) => hasTag(instance.Tags, k));
    else {
      unresolved = true;
      ok = false;
    }
    if (!ok) return unresolved ? 'unresolved' : 'no-match';
  }
  return 'match';
}

/** SSM compares tag values exactly (case-sensitive). */
function exactValue(tags: Tags, key: string, value: string): boolean {
  return (tags ?? []).some((t) => t.Key === key && (t.Value ?? '') === value);
}
