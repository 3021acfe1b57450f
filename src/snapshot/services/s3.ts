import { z } from 'zod';
import { dataset, date, item, optStr, str } from '../dataset.js';

/** Per-bucket data is keyed by bucket name; Region is the bucket's own region. */
const perBucket = <T extends z.ZodRawShape>(shape: T) => z.array(item({ Name: str, ...shape }));

/** The four Block Public Access flags, as S3 answers them for a bucket and S3 Control for the account; null when none is set. */
export const publicAccessBlockConfiguration = z
  .looseObject({
    BlockPublicAcls: z.boolean().nullish(),
    IgnorePublicAcls: z.boolean().nullish(),
    BlockPublicPolicy: z.boolean().nullish(),
    RestrictPublicBuckets: z.boolean().nullish(),
  })
  .nullable();

export const s3 = {
  buckets: dataset({
    identity: { id: 'Name', tags: { dataset: 's3.bucketTagging' } },
    scope: 'global',
    operations: ['s3:ListBuckets', 's3:GetBucketLocation'],
    description:
      'General purpose buckets (ListBuckets with MaxBuckets so BucketRegion is returned; GetBucketLocation where it is not).',
    schema: perBucket({ CreationDate: date, BucketRegion: optStr }),
  }),
  bucketWebsites: dataset({
    identity: { id: 'Name' },
    scope: 'global',
    operations: ['s3:GetBucketWebsite'],
    dependsOn: ['s3.buckets'],
    description: 'Website configuration per bucket; Website is null when the bucket is not a website.',
    schema: perBucket({ Website: z.looseObject({}).nullable() }),
  }),
  bucketTagging: dataset({
    identity: { id: 'Name', tags: { field: 'TagSet' } },
    scope: 'global',
    operations: ['s3:GetBucketTagging'],
    dependsOn: ['s3.buckets'],
    description: 'Tags per bucket (NoSuchTagSet is an empty TagSet).',
    schema: perBucket({ TagSet: z.array(z.looseObject({ Key: optStr, Value: optStr })) }),
  }),
  bucketPolicyStatus: dataset({
    identity: { id: 'Name' },
    scope: 'global',
    operations: ['s3:GetBucketPolicyStatus'],
    dependsOn: ['s3.buckets'],
    description: 'Whether each bucket policy makes the bucket public; PolicyStatus is null when the bucket has no policy.',
    schema: perBucket({ PolicyStatus: z.looseObject({ IsPublic: z.boolean().nullish() }).nullable() }),
  }),
  bucketPublicAccessBlock: dataset({
    identity: { id: 'Name' },
    scope: 'global',
    operations: ['s3:GetPublicAccessBlock'],
    dependsOn: ['s3.buckets'],
    description:
      'Bucket-level Block Public Access settings; PublicAccessBlockConfiguration is null when none is set on the bucket.',
    schema: perBucket({
      PublicAccessBlockConfiguration: publicAccessBlockConfiguration,
    }),
  }),
} as const;
