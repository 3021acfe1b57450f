import { z } from 'zod';
import { dataset, date, item, optNum, optStr, str, tags } from '../dataset.js';

const timeline = z.looseObject({ CreationDateTime: date, ReadyDateTime: date, EndDateTime: date, StartDateTime: date }).nullish();

/** Terminated clusters are listed if created within this many days (rules may look back less). */
export const EMR_TERMINATED_LOOKBACK_DAYS = 30;
/** ListSteps pages (50 steps each, newest first) read per cluster. */
export const EMR_MAX_STEP_PAGES = 20;

export const emr = {
  clusters: dataset({
    identity: { id: 'Id', tags: { dataset: 'emr.clusterTags' } },
    scope: 'regional',
    operations: ['elasticmapreduce:ListClusters'],
    description: `EMR clusters that are active, or terminated and created in the last ${EMR_TERMINATED_LOOKBACK_DAYS} days.`,
    schema: z.array(
      item({
        Id: str,
        Name: optStr,
        ClusterArn: optStr,
        Status: z.looseObject({ State: optStr, Timeline: timeline }).nullish(),
        NormalizedInstanceHours: optNum,
      }),
    ),
  }),
  clusterTags: dataset({
    identity: { id: 'Id', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticmapreduce:DescribeCluster'],
    dependsOn: ['emr.clusters'],
    description: 'Tags of every listed cluster (DescribeCluster, one call each; only Tags kept); collected only for suppressions by tag.',
    schema: z.array(item({ Id: str, Tags: tags })),
  }),
  steps: dataset({
    identity: { id: (s) => `${s.ClusterId}/${s.Id}` },
    scope: 'regional',
    operations: ['elasticmapreduce:ListSteps'],
    dependsOn: ['emr.clusters'],
    description: `Steps of those clusters with their jar and arguments (the newest ${EMR_MAX_STEP_PAGES * 50} per cluster).`,
    schema: z.array(
      item({
        Id: str,
        ClusterId: str,
        Name: optStr,
        Config: z.looseObject({ Jar: optStr, MainClass: optStr, Args: z.array(z.string()).nullish() }).nullish(),
        ActionOnFailure: optStr,
        Status: z.looseObject({ State: optStr, Timeline: timeline }).nullish(),
      }),
    ),
  }),
} as const;
