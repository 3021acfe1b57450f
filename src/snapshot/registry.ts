import type { z } from 'zod';
import type { DatasetDef } from './dataset.js';
import { accessanalyzer } from './services/accessanalyzer.js';
import { autoscaling } from './services/autoscaling.js';
import { budgets } from './services/budgets.js';
import { cloudfront } from './services/cloudfront.js';
import { cloudtrail } from './services/cloudtrail.js';
import { cloudwatch } from './services/cloudwatch.js';
import { config } from './services/config.js';
import { costexplorer } from './services/costexplorer.js';
import { ec2 } from './services/ec2.js';
import { ecs } from './services/ecs.js';
import { eks } from './services/eks.js';
import { elasticache } from './services/elasticache.js';
import { elb } from './services/elb.js';
import { elbv2 } from './services/elbv2.js';
import { emr } from './services/emr.js';
import { eventbridge } from './services/eventbridge.js';
import { guardduty } from './services/guardduty.js';
import { iam } from './services/iam.js';
import { logs } from './services/logs.js';
import { organizations } from './services/organizations.js';
import { rds } from './services/rds.js';
import { route53 } from './services/route53.js';
import { s3 } from './services/s3.js';
import { s3control } from './services/s3control.js';
import { savingsplans } from './services/savingsplans.js';
import { securityhub } from './services/securityhub.js';
import { servicequotas } from './services/servicequotas.js';
import { ssm } from './services/ssm.js';
import { ssoadmin } from './services/ssoadmin.js';

/** Every service slice of a snapshot and its datasets. Add a service here and in collect/index.ts. */
export const SERVICES = {
  accessanalyzer,
  autoscaling,
  budgets,
  cloudfront,
  cloudtrail,
  cloudwatch,
  config,
  costexplorer,
  ec2,
  ecs,
  eks,
  elasticache,
  elb,
  elbv2,
  emr,
  eventbridge,
  guardduty,
  iam,
  logs,
  organizations,
  rds,
  route53,
  s3,
  s3control,
  savingsplans,
  securityhub,
  servicequotas,
  ssm,
  ssoadmin,
} as const;

export type Services = typeof SERVICES;
export type ServiceKey = keyof Services;
export type DatasetKey = { [S in ServiceKey]: `${S}.${keyof Services[S] & string}` }[ServiceKey];

type ServiceOf<K> = K extends `${infer S}.${string}` ? S : never;
type DatasetOf<K, S extends string> = K extends `${S}.${infer D}` ? D : never;
type DefOf<S, D> = S extends ServiceKey ? (D extends keyof Services[S] ? Services[S][D] : never) : never;
export type DatasetValue<K extends DatasetKey> =
  DefOf<ServiceOf<K>, DatasetOf<K, ServiceOf<K>>> extends DatasetDef<infer Z> ? z.infer<Z> : never;

/** The part of a snapshot a rule may read: only the datasets it declared in `needs`. */
export type View<N extends DatasetKey> = {
  [S in ServiceOf<N>]: { [D in DatasetOf<N, S>]: DatasetValue<`${S}.${D}` & DatasetKey> };
};

export const ALL_DATASET_KEYS: DatasetKey[] = Object.entries(SERVICES)
  .flatMap(([service, datasets]) => Object.keys(datasets).map((d) => `${service}.${d}`))
  .sort() as DatasetKey[];

export function datasetDef(key: DatasetKey | string): DatasetDef {
  const [service, name] = key.split('.') as [string, string];
  const def = (SERVICES as unknown as Record<string, Record<string, DatasetDef>>)[service]?.[name];
  if (!def) throw new Error(`unknown dataset ${key}`);
  return def;
}

export function isDatasetKey(key: string): key is DatasetKey {
  return (ALL_DATASET_KEYS as string[]).includes(key);
}

/** Datasets plus everything their collectors read first, in dependency order. */
export function withDependencies(keys: Iterable<string>): DatasetKey[] {
  const out: DatasetKey[] = [];
  const visit = (k: string) => {
    if (out.includes(k as DatasetKey)) return;
    for (const dep of datasetDef(k).dependsOn ?? []) visit(dep);
    out.push(k as DatasetKey);
  };
  for (const k of keys) visit(k);
  return out;
}

/** The dataset that holds the tags of `key`'s items, when they are read by a call of their own (identity.tags). */
export function tagDatasetOf(key: DatasetKey): DatasetKey | undefined {
  const tags = datasetDef(key).identity?.tags;
  return tags && 'dataset' in tags ? (tags.dataset as DatasetKey) : undefined;
}
