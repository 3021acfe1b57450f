import { CloudFrontClient, ListDistributionsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const cf = mockClient(CloudFrontClient);
beforeEach(() => cf.reset());
afterEach(() => cf.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const arn = (id: string) => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

describe('cloudfront.distributionTags', () => {
  it('one ListTagsForResource per distribution; a denied one is an error naming it, a deleted one is left out', async () => {
    cf.on(ListDistributionsCommand).resolves({
      DistributionList: { Marker: '', MaxItems: 100, Quantity: 4, IsTruncated: false, Items: ['EBASTION', 'EWEB', 'EGONE', 'EDENIED'].map((Id) => ({ Id, ARN: arn(Id) })) as never },
    });
    cf.on(ListTagsForResourceCommand, { Resource: arn('EBASTION') }).resolves({ Tags: { Items: [{ Key: 'Role', Value: 'bastion' }] } })
      .on(ListTagsForResourceCommand, { Resource: arn('EWEB') }).resolves({ Tags: {} as never })
      .on(ListTagsForResourceCommand, { Resource: arn('EGONE') }).rejects(awsError('NoSuchResource'))
      .on(ListTagsForResourceCommand, { Resource: arn('EDENIED') }).rejects(awsError('AccessDenied', 'no'));
    const snap = await collectWith(['cloudfront.distributionTags']);
    const { distributionTags, errors } = snap.cloudfront as Slice;
    expect(distributionTags).toEqual([
      { Id: 'EBASTION', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'global', Arn: arn('EBASTION') },
      { Id: 'EWEB', Tags: [], Region: 'global', Arn: arn('EWEB') },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'cloudfront.distributionTags', operation: 'cloudfront:ListTagsForResource', code: 'AccessDenied', resource: arn('EDENIED') }),
    ]);
  });
});
