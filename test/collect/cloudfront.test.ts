import { CloudFrontClient, ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const cf = mockClient(CloudFrontClient);

beforeEach(() => cf.reset());
afterEach(() => cf.reset());

const dist = (id: string, origin: string) => ({
  Id: id,
  ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
  DomainName: `${id.toLowerCase()}.cloudfront.net`,
  Status: 'Deployed',
  Enabled: true,
  Aliases: { Quantity: 1, Items: ['cdn.example.com'] },
  Origins: {
    Quantity: 1,
    Items: [{ Id: 'o1', DomainName: origin, OriginAccessControlId: 'E2OAC', CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin-Verify', HeaderValue: 'secret' }] } }],
  },
}) as DistributionSummary;

describe('cloudfront collectors', () => {
  it('lists distributions across two pages, once (global), dropping origin custom headers', async () => {
    cf.on(ListDistributionsCommand, { Marker: undefined })
      .resolves({ DistributionList: { Items: [dist('EDIST1', 'assets.s3.us-east-1.amazonaws.com')], IsTruncated: true, NextMarker: 'm2', Marker: '', MaxItems: 1, Quantity: 1 } })
      .on(ListDistributionsCommand, { Marker: 'm2' })
      .resolves({ DistributionList: { Items: [dist('EDIST2', 'www.s3-website-us-east-1.amazonaws.com')], IsTruncated: false, Marker: 'm2', MaxItems: 1, Quantity: 1 } });
    const snap = await collectWith(['cloudfront.distributions'], { regions: ['us-east-1', 'eu-west-1'] });
    const items = (snap.cloudfront as { distributions: Record<string, unknown>[] }).distributions;
    expect(items.map((d) => [d.Id, d.Region, d.Arn])).toEqual([
      ['EDIST1', 'global', 'arn:aws:cloudfront::123456789012:distribution/EDIST1'],
      ['EDIST2', 'global', 'arn:aws:cloudfront::123456789012:distribution/EDIST2'],
    ]);
    expect(JSON.stringify(items)).not.toContain('secret');
    expect(items[0]).toMatchObject({ Origins: { Items: [{ DomainName: 'assets.s3.us-east-1.amazonaws.com', OriginAccessControlId: 'E2OAC' }] } });
    expect(cf.commandCalls(ListDistributionsCommand)).toHaveLength(2);
  });

  it('AccessDenied is an error of the global dataset', async () => {
    cf.on(ListDistributionsCommand).rejects(awsError('AccessDenied'));
    const snap = await collectWith(['cloudfront.distributions']);
    const slice = snap.cloudfront as { distributions?: unknown; errors: Record<string, unknown>[] };
    expect(slice.distributions).toBeUndefined();
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'cloudfront.distributions', region: 'global', code: 'AccessDenied' })]);
  });
});
