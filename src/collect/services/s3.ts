import {
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  S3Client,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, withoutMetadata } from '../util.js';

interface Bucket {
  Name: string;
  Region: string;
  Arn: string;
}

/** GetBucketLocation: null or "" is us-east-1, "EU" is eu-west-1, as the S3 API reference documents. */
export function locationToRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** Runs one call per bucket in the bucket's own region; a failure spoils that bucket only. */
async function perBucket<T>(ctx: CollectorContext, fn: (client: S3Client, b: Bucket) => Promise<T>) {
  const buckets = (await ctx.get('s3.buckets')) as Bucket[];
  const out = await Promise.all(
    buckets.map(async (b) => {
      try {
        return { Name: b.Name, Region: b.Region, Arn: b.Arn, ...(await fn(await ctx.client<S3Client>('s3', b.Region), b)) };
      } catch (err) {
        ctx.recordError(err, { region: b.Region, resource: b.Arn });
        return undefined;
      }
    }),
  );
  return out.filter((x) => x !== undefined);
}

export const collectors: ServiceCollectors = {
  async buckets(ctx) {
    const client = await ctx.client<S3Client>('s3');
    // A page size makes S3 return BucketRegion.
    const buckets = await allPages(paginateListBuckets({ client, pageSize: 1000 }, {}), (p) => p.Buckets);
    // The GetBucketLocation fallback runs per bucket: a bucket deleted since the listing is gone; any
    // other failure spoils that bucket only (no region, so no per-bucket calls), not the listing.
    const out = await Promise.all(
      buckets.map(async (b) => {
        const Arn = `arn:${ctx.partition}:s3:::${b.Name}`;
        let region = b.BucketRegion;
        if (!region) {
          try {
            const loc = await client.send(new GetBucketLocationCommand({ Bucket: b.Name }));
            region = locationToRegion(loc.LocationConstraint);
          } catch (err) {
            if (!isNotConfigured(err, ['NoSuchBucket'])) ctx.recordError(err, { resource: Arn });
            return undefined;
          }
        }
        return { ...b, Name: b.Name!, Region: region, Arn };
      }),
    );
    return out.filter((b) => b !== undefined);
  },

  async bucketWebsites(ctx) {
    return perBucket(ctx, async (client, b) => {
      try {
        return { Website: withoutMetadata(await client.send(new GetBucketWebsiteCommand({ Bucket: b.Name }))) };
      } catch (err) {
        if (isNotConfigured(err, ['NoSuchWebsiteConfiguration'])) return { Website: null };
        throw err;
      }
    });
  },

  async bucketTagging(ctx) {
    return perBucket(ctx, async (client, b) => {
      try {
        const { TagSet = [] } = await client.send(new GetBucketTaggingCommand({ Bucket: b.Name }));
        return { TagSet };
      } catch (err) {
        if (isNotConfigured(err, ['NoSuchTagSet', 'NoSuchTagSetError'])) return { TagSet: [] };
        throw err;
      }
    });
  },

  // No policy is a value: PolicyStatus null, not an error.
  async bucketPolicyStatus(ctx) {
    return perBucket(ctx, async (client, b) => {
      try {
        const { PolicyStatus } = await client.send(new GetBucketPolicyStatusCommand({ Bucket: b.Name }));
        return { PolicyStatus: { IsPublic: PolicyStatus?.IsPublic === true } };
      } catch (err) {
        if (isNotConfigured(err, ['NoSuchBucketPolicy'])) return { PolicyStatus: null };
        throw err;
      }
    });
  },

  async bucketPublicAccessBlock(ctx) {
    return perBucket(ctx, async (client, b) => {
      try {
        const { PublicAccessBlockConfiguration } = await client.send(new GetPublicAccessBlockCommand({ Bucket: b.Name }));
        return { PublicAccessBlockConfiguration: PublicAccessBlockConfiguration ?? null };
      } catch (err) {
        if (isNotConfigured(err, ['NoSuchPublicAccessBlockConfiguration'])) return { PublicAccessBlockConfiguration: null };
        throw err;
      }
    });
  },
};
