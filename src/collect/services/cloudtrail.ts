import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { describeAwsError, isAccessDenied } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { withoutMetadata } from '../util.js';

async function enrich(ctx: CollectorContext, trail: Trail) {
  const home = trail.HomeRegion ?? ctx.globalRegion;
  const client = await ctx.client<CloudTrailClient>('cloudtrail', home);
  // Shadow and organization trails must be queried by ARN, in their home region.
  const [status, selectors] = await Promise.all([
    client.send(new GetTrailStatusCommand({ Name: trail.TrailARN })),
    client.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN })),
  ]);
  const notes: string[] = [];
  let versioning: { Status?: string; MFADelete?: string } | null = null;
  if (trail.S3BucketName) {
    try {
      const s3 = await ctx.client<S3Client>('s3', home);
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket: trail.S3BucketName }));
      versioning = { Status: v.Status ?? 'Disabled', ...(v.MFADelete ? { MFADelete: v.MFADelete } : {}) };
    } catch (err) {
      // A deleted bucket is the trail's problem (Status.LatestDeliveryError says so), not a failure to collect.
      if (describeAwsError(err).code === 'NoSuchBucket') notes.push(`bucket ${trail.S3BucketName} does not exist`);
      // The bucket of an organization trail usually lives in the log archive account.
      else if (isAccessDenied(err)) notes.push(`bucket ${trail.S3BucketName} is not readable from this account (another account, or access denied)`);
      else throw err;
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
    Arn: trail.TrailARN!,
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
    return Promise.all([...byArn.values()].sort((a, b) => a.TrailARN!.localeCompare(b.TrailARN!)).map((t) => enrich(ctx, t)));
  },
};
