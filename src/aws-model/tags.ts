import { resourceRef } from '../resource.js';
import type { RuleContext } from '../rule.js';
import { datasetDef, tagDatasetOf, type DatasetKey } from '../snapshot/registry.js';

export { tagDatasetOf };

/** A collected item, as every dataset of resources holds it. */
export interface Item {
  Arn: string;
  Region: string;
  [field: string]: unknown;
}

/**
 * An item with its tags as its dataset's identity declares them (the same map the engine puts on the
 * finding's resource), or `tags: null` when they were not read: they sit in another dataset (elbv2
 * DescribeTags, CloudFront ListTagsForResource, ...) that has no entry for this item.
 */
export interface ItemTags {
  item: Item;
  tags: Readonly<Record<string, string>> | null;
}

function slice(view: unknown, key: DatasetKey): unknown {
  const [service, name] = key.split('.') as [string, string];
  return (view as Record<string, Record<string, unknown>>)[service]?.[name];
}

/**
 * Each item of a dataset with its tags; undefined when the dataset is not in the view (optional and not
 * collected). The rule must declare `key` and its tag dataset (`tagDatasetOf`) in needs or optionalNeeds.
 */
export function readTags(view: unknown, key: DatasetKey): ItemTags[] | undefined {
  const items = slice(view, key);
  if (!Array.isArray(items)) return undefined;
  const tagKey = tagDatasetOf(key);
  let read: Set<string> | undefined;
  if (tagKey) {
    const entries = slice(view, tagKey);
    read = new Set(Array.isArray(entries) ? (entries as Item[]).map((t) => t.Arn) : []);
  }
  return (items as Item[]).map((item) => ({
    item,
    tags: read && !read.has(item.Arn) ? null : (resourceRef(item).tags ?? {}),
  }));
}

/** User tag keys: what the owner set (keys starting with "aws:" are AWS's own and cannot be set by users). */
export function userTagKeys(tags: Readonly<Record<string, string>>): string[] {
  return Object.keys(tags).filter((k) => !k.startsWith('aws:'));
}

/**
 * Why the tags of a dataset's items could not all be judged, for a dataset the rule reads as optional (the engine
 * reports a failed optional read only as context): the regions (or 'global') where the list of items failed, and
 * whether tags missing for an item mean a failed read (the tag dataset failed somewhere, or is not in the snapshot)
 * rather than an item deleted between the listing and the tag call.
 */
export function unreadParts(
  view: unknown,
  key: DatasetKey,
  ctx: Pick<RuleContext<unknown>, 'unavailable' | 'incomplete' | 'meta'>,
): { regions: string[]; tagsFailed: boolean } {
  const regions = datasetDef(key).scope === 'global' ? ['global'] : ctx.meta.regions;
  const tagKey = tagDatasetOf(key);
  return {
    regions: regions.filter((r) => ctx.unavailable(key, r)),
    tagsFailed: tagKey !== undefined && (slice(view, tagKey) === undefined || ctx.incomplete(tagKey)),
  };
}
