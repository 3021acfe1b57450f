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
  client<T>(service: SdkServiceKey, region?: string): Promise<T>;
  /** Another dataset this one depends on (declared in dependsOn): this region's items, collected once. */
  get<K extends DatasetKey>(key: K): Promise<DatasetValue<K>>;
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
