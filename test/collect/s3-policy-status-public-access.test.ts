import {
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const s3 = mockClient(S3Client);

beforeEach(() => s3.reset());
afterEach(() => s3.reset());

function buckets() {
  s3.on(ListBucketsCommand).resolves({
    Buckets: [
      { Name: 'public-site', BucketRegion: 'us-east-1' },
      { Name: 'private-data', BucketRegion: 'eu-west-1' },
      { Name: 'locked', BucketRegion: 'us-east-1' },
    ],
  });
}

describe('s3 collectors (policy status, public access block)', () => {
  it('GetBucketPolicyStatus: NoSuchBucketPolicy is "no policy", AccessDenied spoils only that bucket', async () => {
    buckets();
    s3.on(GetBucketPolicyStatusCommand, { Bucket: 'public-site' })
      .resolves({ PolicyStatus: { IsPublic: true } })
      .on(GetBucketPolicyStatusCommand, { Bucket: 'private-data' })
      .rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist'))
      .on(GetBucketPolicyStatusCommand, { Bucket: 'locked' })
      .rejects(awsError('AccessDenied'));
    const snap = await collectWith(['s3.bucketPolicyStatus']);
    const slice = snap.s3 as { bucketPolicyStatus: Record<string, unknown>[]; errors: Record<string, unknown>[] };
    expect(slice.bucketPolicyStatus).toEqual([
      { Name: 'public-site', Region: 'us-east-1', Arn: 'arn:aws:s3:::public-site', PolicyStatus: { IsPublic: true } },
      { Name: 'private-data', Region: 'eu-west-1', Arn: 'arn:aws:s3:::private-data', PolicyStatus: null },
    ]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 's3.bucketPolicyStatus', code: 'AccessDenied', resource: 'arn:aws:s3:::locked', region: 'us-east-1' }),
    ]);
  });

  it('GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration is "none set"', async () => {
    buckets();
    s3.on(GetPublicAccessBlockCommand).callsFake((input: { Bucket: string }) => {
      if (input.Bucket !== 'locked') throw awsError('NoSuchPublicAccessBlockConfiguration');
      return {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      };
    });
    const snap = await collectWith(['s3.bucketPublicAccessBlock']);
    const slice = snap.s3 as { bucketPublicAccessBlock: Record<string, unknown>[]; errors: unknown[] };
    expect(slice.errors).toEqual([]);
    expect(Object.fromEntries(slice.bucketPublicAccessBlock.map((b) => [b.Name, b.PublicAccessBlockConfiguration]))).toEqual({
      'public-site': null,
      'private-data': null,
      locked: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });
});
