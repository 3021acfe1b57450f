import { arnResourceId, IDENTITY, ResourceRef, tagMap, type Identified } from '../resource.js';
import type { Identity } from '../snapshot/dataset.js';
import { datasetDef, tagDatasetOf, type DatasetKey } from '../snapshot/registry.js';
import { getDataset, type Snapshot } from '../snapshot/schema.js';

/**
 * Gives every item of a dataset its resource identity, from the dataset's declaration: the ref is made
 * on first use and shared by every finding about the item (an instance is judged by a dozen rules; a
 * large account has a million findings). The resolver sits on the item under a symbol, so JSON and
 * spreads never see it. Done once per dataset array per snapshot.
 */
export function attachIdentity(snapshot: Snapshot, key: DatasetKey): void {
  const items = getDataset(snapshot, key) as unknown;
  if (!Array.isArray(items) || prepared.has(items)) return;
  prepared.add(items);
  const identity = datasetDef(key).identity;
  if (!identity) return;
  const tagsOf = tagSource(snapshot, identity);
  for (const item of items as Record<string, unknown>[]) {
    if (!item || typeof item !== 'object' || !Object.isExtensible(item)) continue;
    let ref: ResourceRef | undefined;
    const resolve = () => (ref ??= makeRef(item, identity, tagsOf));
    Object.defineProperty(item, IDENTITY, { value: resolve });
  }
}
const prepared = new WeakSet<object>();

function makeRef(item: Record<string, unknown>, identity: Identity, tagsOf: (item: Record<string, unknown>) => unknown): ResourceRef {
  const arn = String(item.Arn);
  const raw = typeof identity.id === 'function' ? identity.id(item) : item[identity.id];
  const id = typeof raw === 'string' && raw !== '' ? raw : arnResourceId(arn);
  const region = identity.region ? identity.region(item) : String(item.Region);
  return new ResourceRef(arn, region, id, tagMap(tagsOf(item)));
}

/** Where an item's tags are: its own field, or the item of the tag dataset with the same Arn. */
function tagSource(snapshot: Snapshot, identity: Identity): (item: Record<string, unknown>) => unknown {
  const tags = identity.tags;
  if (!tags) return () => undefined;
  if ('field' in tags) return (item) => item[tags.field];
  const joined = datasetDef(tags.dataset).identity?.tags;
  const source = getDataset(snapshot, tags.dataset as DatasetKey) as unknown;
  if (!joined || !('field' in joined) || !Array.isArray(source)) return () => undefined;
  let byArn: Map<string, unknown> | undefined;
  return (item) => {
    byArn ??= new Map((source as Record<string, unknown>[]).map((t) => [String(t.Arn), t[joined.field]]));
    return byArn.get(String(item.Arn));
  };
}

/** The datasets whose items carry the tags of `key`'s items (collected when tags are needed). */
export function tagDatasets(key: DatasetKey): DatasetKey[] {
  const tags = tagDatasetOf(key);
  return tags ? [tags] : [];
}

/**
 * The datasets to collect for these: with their tag datasets only when a suppression matches on tags
 * (tags read by separate calls cost one call per resource or batch; an audit without such a
 * suppression never makes them).
 */
export function collectionDatasets(keys: Iterable<DatasetKey>, suppressions: readonly { tags?: unknown }[] = []): DatasetKey[] {
  const out = new Set(keys);
  if (suppressions.some((s) => s.tags !== undefined)) for (const k of [...out]) for (const t of tagDatasets(k)) out.add(t);
  return [...out];
}

/** The account itself (or one of its regional services) as a resource, for account-level findings. */
export function accountRef(snapshot: Snapshot, region = 'global', service = 'account'): ResourceRef {
  const { partition, accountId } = snapshot.meta;
  const r = region === 'global' ? '' : region;
  return new ResourceRef(`arn:${partition}:${service}:${r}:${accountId}:account`, region, accountId);
}

export type { Identified };
