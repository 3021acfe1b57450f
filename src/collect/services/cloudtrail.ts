import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  paginateListEventDataStores,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { describeAwsError, isAccessDenied, isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks, perResource, withoutMetadata } from '../util.js';

/** The account of an ARN (arn:partition:service:region:account:resource). */
const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/**
 * A trail with its status, event selectors and bucket versioning, read in its home region. A failure
 * spoils that trail only: it is recorded against the trail's ARN and the trail is kept with Status
 * null (the rule then neither judges it nor counts it as covering or not covering a region).
 * A trail of this account deleted since DescribeTrails is dropped.
 */
async function enrich(ctx: CollectorContext, trail: Trail) {
  const home = trail.HomeRegion ?? ctx.globalRegion;
  const arn = trail.TrailARN!;
  const owner = accountOf(arn);
  const client = await ctx.client<CloudTrailClient>('cloudtrail', home);
  const notes: string[] = [];
  let status, selectors;
  try {
    // Shadow and organization trails must be queried by ARN, in their home region.
    [status, selectors] = await Promise.all([
      client.send(new GetTrailStatusCommand({ Name: arn })),
      client.send(new GetEventSelectorsCommand({ TrailName: arn })),
    ]);
  } catch (err) {
    // Gone since the listing. Not for another account's (organization) trail: there TrailNotFound
    // can also mean "not readable from this account", and dropping the trail would read as "no trail".
    if (owner === ctx.accountId && isNotConfigured(err, ['TrailNotFoundException'])) return undefined;
    ctx.recordError(err, { region: home, resource: arn });
    notes.push(`status and event selectors not read (${describeAwsError(err).code})`);
    return { ...trail, Status: null, BucketVersioning: null, Notes: notes, Region: home, Arn: arn };
  }
  let versioning: { Status?: string; MFADelete?: string } | null = null;
  if (trail.S3BucketName) {
    const bucket = trail.S3BucketName;
    try {
      const s3 = await ctx.client<S3Client>('s3', home);
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      versioning = { Status: v.Status ?? 'Disabled', ...(v.MFADelete ? { MFADelete: v.MFADelete } : {}) };
    } catch (err) {
      const { code } = describeAwsError(err);
      // A deleted bucket is the trail's problem (Status.LatestDeliveryError says so), not a failure to collect.
      if (code === 'NoSuchBucket') notes.push(`bucket ${bucket} does not exist`);
      // The bucket of an organization trail usually lives in the log archive account; a trail of this
      // account may deliver to another account's bucket too, but that cannot be told from here.
      else if (isAccessDenied(err))
        notes.push(
          owner === ctx.accountId
            ? `bucket ${bucket} is not readable (access denied)`
            : `bucket ${bucket} is not readable (access denied); the trail belongs to account ${owner}, not to the audited account ${ctx.accountId}`,
        );
      // Anything else (throttling, a server error) spoils this trail's verdicts, not the dataset.
      else {
        ctx.recordError(err, { region: home, resource: arn });
        notes.push(`bucket ${bucket} versioning not read (${code})`);
      }
    }
  }
  return {
    ...trail,
    Status: withoutMetadata(status),
    EventSelectors: selectors.EventSelectors,
    AdvancedEventSelectors: selectors.AdvancedEventSelectors,
    BucketVersioning: versioning,
    Notes: notes,
    Region: home,
    Arn: arn,
  };
}

export const collectors: ServiceCollectors = {
  // Global: shadow trails show up in every region, so trails are listed everywhere and kept once.
  async trails(ctx) {
    const byArn = new Map<string, Trail>();
    const failed: [string, unknown][] = [];
    await Promise.all(
      ctx.regions.map(async (region) => {
        try {
          const client = await ctx.client<CloudTrailClient>('cloudtrail', region);
          const { trailList = [] } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
          for (const t of trailList) if (t.TrailARN) byArn.set(t.TrailARN, t);
        } catch (err) {
          failed.push([region, err]);
        }
      }),
    );
    // No region answered: nothing is known, and an empty list would read as "no trail at all" (a false FAIL).
    if (failed.length > 0 && failed.length === ctx.regions.length) throw failed[0]![1];
    for (const [region, err] of failed) ctx.recordError(err, { region });
    const trails = await Promise.all([...byArn.values()].sort((a, b) => a.TrailARN!.localeCompare(b.TrailARN!)).map((t) => enrich(ctx, t)));
    return trails.filter((t) => t !== undefined);
  },

  // CloudTrail Lake: stores live in a region (a multi-region one is listed in its home region only). The
  // listing's selectors and flags are deprecated copies: each store is read with GetEventDataStore; one that
  // fails is left out and recorded against its ARN, one deleted since the listing is dropped.
  async eventDataStores(ctx) {
    const client = await ctx.client<CloudTrailClient>('cloudtrail');
    const listed = await allPages(paginateListEventDataStores({ client, pageSize: 1000 }, {}), (p) => p.EventDataStores);
    const stores = listed.flatMap((s) => (s.EventDataStoreArn ? [{ ...s, Arn: s.EventDataStoreArn }] : []));
    return perResource(ctx, stores, ['EventDataStoreNotFoundException'], async (s) => {
      const got = withoutMetadata(await client.send(new GetEventDataStoreCommand({ EventDataStore: s.Arn })));
      return { ...got, EventDataStoreArn: got.EventDataStoreArn ?? s.Arn, Name: got.Name ?? s.Name, Region: ctx.region, Arn: s.Arn };
    });
  },

  // ListTags answers for trails of the region it is asked in: trails are grouped by home region, 20 a
  // call. A failed call spoils the tags of its trails only (one collection error per trail).
  async trailTags(ctx) {
    const trails = await ctx.get('cloudtrail.trails');
    const byHome = new Map<string, string[]>();
    for (const t of trails) {
      const home = t.HomeRegion ?? t.Region;
      byHome.set(home, [...(byHome.get(home) ?? []), t.TrailARN]);
    }
    const out = await Promise.all(
      [...byHome].flatMap(([home, arns]) =>
        chunks(arns, 20).map(async (ResourceIdList) => {
          try {
            const client = await ctx.client<CloudTrailClient>('cloudtrail', home);
            const { ResourceTagList = [] } = await client.send(new ListTagsCommand({ ResourceIdList }));
            return ResourceTagList.filter((r) => r.ResourceId).map((r) => ({ TrailARN: r.ResourceId!, Tags: r.TagsList ?? [], Region: home, Arn: r.ResourceId! }));
          } catch (err) {
            for (const resource of ResourceIdList) ctx.recordError(err, { region: home, resource });
            return [];
          }
        }),
      ),
    );
    return out.flat();
  },
};
