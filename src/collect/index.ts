import type { ClientFactory } from '../aws/clients.js';
import type { SdkServiceKey } from '../aws/services.js';
import { datasetDef, withDependencies, type DatasetKey, type ServiceKey } from '../snapshot/registry.js';
import { SCHEMA_VERSION, type CollectionError, type Snapshot, type SnapshotMeta } from '../snapshot/schema.js';
import { iamActionFor } from '../aws/policy.js';
import { describeAwsError, isAccessDenied } from './errors.js';
import type { Collector, CollectorContext, ServiceCollectors } from './types.js';
import { quarantineInvalid, quarantineUnrepresentable } from '../snapshot/validate.js';
import { toJsonInPlace } from './util.js';
import type { OptIn } from '../snapshot/dataset.js';

/**
 * Collectors load on demand (`aws-tips rules` and snapshot audits never load the SDK), all in one module with the
 * SDK clients (services/all.ts: one chunk of the bundle, a dozen ES modules where per-service imports made a hundred).
 */
const collectorsOf = (service: ServiceKey): Promise<{ collectors: ServiceCollectors }> => import('./services/all.js').then((m) => m[service]);

export interface CollectOptions {
  factory: ClientFactory;
  regions: string[];
  globalRegion: string;
  accountId: string;
  partition: string;
  principal?: string;
  toolVersion: string;
  now?: Date;
  /** The opt-ins this collection was asked for, recorded in the snapshot (meta.optIns). */
  optIns?: readonly OptIn[];
  /** Called as each dataset × region finishes, for a progress display. */
  onProgress?: (done: number, total: number, label: string) => void;
}

async function collectorFor(key: DatasetKey): Promise<Collector> {
  const [service, name] = key.split('.') as [ServiceKey, string];
  const mod = await collectorsOf(service);
  const collector = mod.collectors[name];
  if (!collector) throw new Error(`no collector for ${key}`);
  return collector;
}

/**
 * Collects the given datasets (and what they depend on) across regions, concurrently, each call
 * made once. A failure becomes a collection error in the dataset's slice; collection goes on.
 */
export async function collect(keys: Iterable<string>, opts: CollectOptions): Promise<Snapshot> {
  const wanted = new Set<string>(keys);
  const now = opts.now ?? new Date();
  const all = withDependencies(wanted);
  // A regional dataset that only global datasets read (billing alarms read the alarms of the global
  // region) is collected where they read it, on demand, and left out of the snapshot: its other
  // regions were never asked for. Everything else runs in every audited region as usual.
  const ordered: DatasetKey[] = [];
  for (const k of [...all].reverse())
    if (
      wanted.has(k) ||
      datasetDef(k).scope === 'global' ||
      ordered.some((d) => datasetDef(d).scope === 'regional' && datasetDef(d).dependsOn?.includes(k))
    )
      ordered.unshift(k);
  const planned = new Set(ordered);
  const errors: CollectionError[] = [];
  const values = new Map<DatasetKey, unknown>();
  const runs = new Map<string, Promise<unknown>>();
  const shared = new Map<string, Promise<unknown>>();
  const total = ordered.reduce((n, k) => n + (datasetDef(k).scope === 'regional' ? opts.regions.length : 1), 0);
  let done = 0;

  const record = (key: DatasetKey, err: unknown, region: string, resource?: string) => {
    const described = describeAwsError(err);
    const { code } = described;
    const operation = described.operation ?? datasetDef(key).operations[0] ?? key;
    // A denied call says which IAM permission was missing (its name can differ from the API's).
    const permission = isAccessDenied(err) ? iamActionFor(operation) : null;
    const message = permission ? `${described.message}; missing permission ${permission}` : described.message;
    errors.push({
      dataset: key,
      service: key.split('.')[0]!,
      region,
      operation,
      code,
      message,
      ...(resource ? { resource } : {}),
    });
  };

  // One run per (dataset, region); regional dependencies are read in the same region (the global
  // region for a global dataset). `requester` is the dataset whose ctx.get started the run.
  const run = (key: DatasetKey, region: string, requester?: DatasetKey): Promise<unknown> => {
    const def = datasetDef(key);
    if (def.scope === 'global') region = opts.globalRegion;
    const where = def.scope === 'global' ? 'global' : region;
    const id = `${key}@${where}`;
    let p = runs.get(id);
    if (p) return p;
    const errorRegion = where;
    // A run outside the plan (a dependency read in a region not audited) is not part of the snapshot:
    // its failure is reported by the dataset that read it (ctx.get rejects there), its partial
    // failures under that dataset's name, and it counts for no progress.
    const inPlan = planned.has(key) && (def.scope === 'global' || opts.regions.includes(region));
    const owner = inPlan ? key : (requester ?? key);
    const ctx: CollectorContext = {
      region: def.scope === 'global' ? opts.globalRegion : region,
      regions: opts.regions,
      globalRegion: opts.globalRegion,
      accountId: opts.accountId,
      partition: opts.partition,
      now,
      client: <T>(service: SdkServiceKey, r?: string) =>
        opts.factory.client<T>(service, r ?? (def.scope === 'global' ? opts.globalRegion : region)),
      get: (dep) => {
        if (!def.dependsOn?.includes(dep)) throw new Error(`${key} reads ${dep} without declaring it in dependsOn`);
        return run(dep, region, key) as never;
      },
      collecting: (other) => planned.has(other),
      shared: <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        const sid = `${name}@${where}`;
        let s = shared.get(sid);
        if (!s) shared.set(sid, (s = fn()));
        return s as Promise<T>;
      },
      arn: (service, resource, r) =>
        `arn:${opts.partition}:${service}:${r ?? (def.scope === 'global' ? '' : region)}:${opts.accountId}:${resource}`,
      recordError: (err, at) => record(owner, err, at?.region ?? errorRegion, at?.resource),
    };
    p = (async () => {
      const collector = await collectorFor(key);
      try {
        const value = await collector(ctx);
        if (Array.isArray(value))
          for (const item of value as Record<string, unknown>[]) if (item && item.Region === undefined) item.Region = where;
        return value;
      } catch (err) {
        if (inPlan) record(key, err, errorRegion);
        throw err;
      } finally {
        if (inPlan) opts.onProgress?.(++done, total, `${key} ${where}`);
      }
    })();
    p.catch(() => undefined);
    runs.set(id, p);
    return p;
  };

  await Promise.all(
    ordered.map(async (key) => {
      const def = datasetDef(key);
      if (def.scope === 'global') {
        try {
          values.set(key, await run(key, opts.globalRegion));
        } catch {
          /* recorded */
        }
        return;
      }
      const parts = await Promise.allSettled(opts.regions.map((r) => run(key, r)));
      values.set(
        key,
        parts.flatMap((p) => (p.status === 'fulfilled' ? (p.value as unknown[]) : [])),
      );
    }),
  );

  const meta: SnapshotMeta = {
    accountId: opts.accountId,
    partition: opts.partition,
    regions: opts.regions,
    globalRegion: opts.globalRegion,
    collectedAt: now.toISOString(),
    toolVersion: opts.toolVersion,
    ...(opts.optIns?.length ? { optIns: [...opts.optIns] } : {}),
    ...(opts.principal ? { principal: opts.principal } : {}),
  };
  const snapshot: Snapshot = { schemaVersion: SCHEMA_VERSION, meta };
  for (const key of ordered) {
    const [service, name] = key.split('.') as [string, string];
    const slice = (snapshot[service] ??= { errors: [] }) as Record<string, unknown>;
    if (values.has(key)) slice[name] = values.get(key);
  }
  for (const e of errors) ((snapshot[e.service] ??= { errors: [] }) as { errors: CollectionError[] }).errors.push(e);
  // Plain JSON values (Dates as ISO strings, blobs as text), converted in place: a copy through
  // JSON.stringify + JSON.parse would hold two snapshots (and the text) at once on a large account.
  // Values JSON cannot hold (Invalid Date, NaN) would turn into null ("never") on the way: such items are errors.
  quarantineUnrepresentable(snapshot);
  const json = toJsonInPlace(snapshot);
  // An answer that does not fit its dataset's schema becomes a collection error on that item, not a verdict.
  quarantineInvalid(json);
  return json;
}
