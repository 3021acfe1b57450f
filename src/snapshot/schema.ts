import { z } from 'zod';
import { SERVICES, type DatasetKey, type DatasetValue } from './registry.js';
import { OPT_INS } from './dataset.js';

export const SCHEMA_VERSION = 1;

export const collectionError = z.object({
  dataset: z.string(),
  service: z.string(),
  region: z.string(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
  /** Set when the failure concerns one resource (one bucket's tags), not a whole region. */
  resource: z.string().optional(),
});
export type CollectionError = z.infer<typeof collectionError>;

function sliceSchema(datasets: Record<string, { schema: z.ZodType }>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, def] of Object.entries(datasets)) shape[name] = def.schema.optional();
  shape.errors = z.array(collectionError).default([]);
  return z.strictObject(shape);
}

const sliceShapes: Record<string, z.ZodType> = {};
for (const [service, datasets] of Object.entries(SERVICES)) sliceShapes[service] = sliceSchema(datasets).optional();

export const metaSchema = z.strictObject({
  accountId: z.string(),
  partition: z.string(),
  regions: z.array(z.string()),
  globalRegion: z.string().optional(),
  collectedAt: z.string(),
  toolVersion: z.string(),
  /** Who collected: the caller ARN (never a credential). */
  principal: z.string().optional(),
  /** The rules `collect` gathered this snapshot for: auditing it with others names them once instead of "not checked" per dataset. */
  rules: z.array(z.string()).optional(),
  /** The opt-in datasets collection was asked for (`--enable-cost-explorer`): absent, none were. */
  optIns: z.array(z.enum(OPT_INS)).optional(),
});
export type SnapshotMeta = z.infer<typeof metaSchema>;

export const snapshotSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  meta: metaSchema,
  ...sliceShapes,
});

/** Datasets absent from a slice were not collected; an empty array means "collected, none found". */
export interface Snapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  meta: SnapshotMeta;
  [service: string]: unknown;
}

export type Slice = Record<string, unknown> & { errors: CollectionError[] };

export function getSlice(snapshot: Snapshot, service: string): Slice | undefined {
  return snapshot[service] as Slice | undefined;
}

export function getDataset<K extends DatasetKey>(snapshot: Snapshot, key: K): DatasetValue<K> | undefined {
  const [service, name] = key.split('.') as [string, string];
  return getSlice(snapshot, service)?.[name] as DatasetValue<K> | undefined;
}

export function datasetErrors(snapshot: Snapshot, key: string): CollectionError[] {
  const service = key.split('.')[0]!;
  return (getSlice(snapshot, service)?.errors ?? []).filter((e) => e.dataset === key);
}
