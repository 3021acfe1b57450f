import type { SdkServiceKey } from '../aws/services.js';
import type { DatasetKey, DatasetValue } from '../snapshot/registry.js';

export interface CollectorContext {
  /** The region being collected; for a global dataset, the partition's global region. */
  region: string;
  /** Every region of this audit. */
  regions: string[];
  globalRegion: string;
  accountId: string;
  partition: string;
  /** When this collection started: time windows (Cost Explorer's last 30 days) end here. */
  now: Date;
  client<T>(service: SdkServiceKey, region?: string): Promise<T>;
  /**
   * Another dataset this one depends on (declared in dependsOn): this region's items (for a global
   * dataset, the global region's), collected once and shared with every reader.
   */
  get<K extends DatasetKey>(key: K): Promise<DatasetValue<K>>;
  /** Whether this collection includes another dataset (so work shared with it will not be wasted). */
  collecting(key: DatasetKey): boolean;
  /**
   * One result per name and region for this collection: two datasets built from the same calls
   * (one ListMetrics pass) make them once. The first caller's `fn` runs; a failure fails every caller.
   */
  shared<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; region '' for global resources. */
  arn(service: string, resource: string, region?: string): string;
  /**
   * Records a failure that spoils part of the dataset (one bucket, one region of a global
   * collector) without failing the rest.
   */
  recordError(err: unknown, where?: { region?: string; resource?: string }): void;
}

export type Collector = (ctx: CollectorContext) => Promise<unknown>;

/** A service's collectors, one per dataset name of its snapshot slice. */
export type ServiceCollectors = Record<string, Collector>;
