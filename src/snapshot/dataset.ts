import { z } from 'zod';

/**
 * Datasets collected only when the user asks for them: their calls cost money (Cost Explorer bills each request).
 * Enabled by a flag (`--enable-cost-explorer`) or the config (`enable: [cost-explorer]`); the snapshot records which
 * were enabled (meta.optIns).
 */
export const OPT_INS = ['cost-explorer'] as const;
export type OptIn = (typeof OPT_INS)[number];

/**
 * A dataset is the result of one kind of read-only API call, kept with the SDK v3 field names.
 * Regional datasets are arrays of items from every audited region; collectors add `Region` and `Arn`.
 * `operations` lists every API operation its collector may send ("ec2:DescribeInstances"): the
 * client factory refuses anything else, and `aws-tips policy` derives the IAM policy from it.
 */
export interface DatasetDef<S extends z.ZodType = z.ZodType> {
  scope: 'regional' | 'global';
  schema: S;
  operations: readonly string[];
  /** Other datasets the collector reads (collected first, shared). */
  dependsOn?: readonly string[];
  description: string;
  /**
   * What each item is, as a resource a finding can be about: every dataset of items declares it, so
   * the engine (not the rule, not a list of likely field names) names the resource and finds its tags.
   */
  identity?: Identity;
  /**
   * Collected only when this opt-in is enabled; otherwise left out of collection and of the IAM policy, and a rule
   * (which reads it through `optionalNeeds`) finds it undefined, not an error.
   */
  optIn?: OptIn;
}

/**
 * How an item of a dataset names itself. `id` is the field a person knows the resource by (or a
 * function of the item, when AWS leaves that field empty on some items); `region` overrides the
 * item's Region (a quota that is account-wide). `tags` is where the resource's tags are: a field of
 * the item (`[{ Key, Value }]` or a map), or another dataset whose items carry the same Arn (tags
 * read by a separate call, such as elbv2:DescribeTags), whose own identity names its tag field.
 */
export interface Identity {
  id: string | ((item: Record<string, unknown>) => unknown);
  region?: (item: Record<string, unknown>) => string;
  tags?: { field: string } | { dataset: string };
}

export function dataset<S extends z.ZodType>(def: DatasetDef<S>): DatasetDef<S> {
  return def;
}

/** An item as collectors emit it: SDK fields plus where it lives. Unknown SDK fields are kept. */
export function item<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject({ ...shape, Region: z.string(), Arn: z.string() });
}

export const str = z.string();
export const optStr = z.string().nullish();
export const optNum = z.number().nullish();
export const optBool = z.boolean().nullish();
/**
 * A date as text that parses (Date.parse): what SDK Date fields become in a snapshot file. Rules measure
 * ages from these, so "not-a-date" is refused with its path instead of turning every age into NaN.
 */
export const dateString = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected a date' });
/** SDK Date fields: Date objects in memory (a valid Date: z.date() refuses Invalid Date), ISO strings in a snapshot file. */
export const date = z.union([dateString, z.date()]).nullish();
export const tags = z.array(z.looseObject({ Key: z.string().nullish(), Value: z.string().nullish() })).nullish();

/** CloudWatch metric identity and metric-math queries, as alarms and target tracking policies carry them. */
export const metricDimensions = z.array(z.looseObject({ Name: optStr, Value: optStr })).nullish();
export const metric = z.looseObject({ Namespace: optStr, MetricName: optStr, Dimensions: metricDimensions });
export const metricDataQueries = z
  .array(
    z.looseObject({
      Id: optStr,
      Expression: optStr,
      Label: optStr,
      ReturnData: optBool,
      Period: optNum,
      AccountId: optStr,
      MetricStat: z.looseObject({ Metric: metric.nullish(), Period: optNum, Stat: optStr, Unit: optStr }).nullish(),
    }),
  )
  .nullish();
