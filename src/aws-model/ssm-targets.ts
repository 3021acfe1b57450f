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

/**
 * Associations indexed by their first target, so that each instance is tested only against the
 * associations that can match it (a large account has thousands of both). Same results as calling
 * associationTargets on every association, minus the certain 'no-match' ones.
 */
export class AssociationIndex<A extends AssociationLike> {
  private readonly always: number[] = [];
  private readonly byId = new Map<string, number[]>();
  private readonly byTag = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();

  constructor(private readonly associations: readonly A[]) {
    const add = (m: Map<string, number[]>, k: string, i: number) => {
      const l = m.get(k);
      if (l) l.push(i);
      else m.set(k, [i]);
    };
    associations.forEach((a, i) => {
      if (a.InstanceId) return add(this.byId, a.InstanceId, i);
      const first = (a.Targets ?? [])[0];
      if (!first) return; // no target: matches nothing
      const key = first.Key ?? '';
      const values = first.Values ?? [];
      if (key === 'InstanceIds') {
        if (values.includes('*')) this.always.push(i);
        else for (const v of new Set(values)) add(this.byId, v, i);
      } else if (key.startsWith('tag:')) for (const v of new Set(values)) add(this.byTag, `${key.slice(4)}\0${v}`, i);
      else if (key === 'tag-key') for (const v of new Set(values)) add(this.byKey, v, i);
      else this.always.push(i); // unresolvable first target: 'unresolved' for every instance
    });
  }

  /** Every association whose verdict for this instance is 'match' or 'unresolved', in list order. */
  matches(instance: { InstanceId: string; Tags?: Tags }): { a: A; m: TargetMatch }[] {
    const hit = new Set<number>(this.always);
    for (const i of this.byId.get(instance.InstanceId) ?? []) hit.add(i);
    for (const t of instance.Tags ?? []) {
      if (t.Key === undefined || t.Key === null) continue;
      for (const i of this.byTag.get(`${t.Key}\0${t.Value ?? ''}`) ?? []) hit.add(i);
      for (const i of this.byKey.get(t.Key) ?? []) hit.add(i);
    }
    const out: { a: A; m: TargetMatch }[] = [];
    for (const i of [...hit].sort((x, y) => x - y)) {
      const a = this.associations[i]!;
      const m = associationTargets(a, instance);
      if (m !== 'no-match') out.push({ a, m });
    }
    return out;
  }
}
