import { ListHostedZonesCommand, ListTagsForResourcesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const r53 = mockClient(Route53Client);
beforeEach(() => r53.reset());
afterEach(() => r53.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('route53.hostedZoneTags', () => {
  it('asks ListTagsForResources for at most 10 zones a call (short ids); a failed call is an error per zone of its batch', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `Z${String(i).padStart(4, '0')}`);
    r53.on(ListHostedZonesCommand).resolves({
      HostedZones: ids.map((id) => ({ Id: `/hostedzone/${id}`, Name: `${id.toLowerCase()}.example.com.`, CallerReference: id })),
      IsTruncated: false,
      MaxItems: 100,
    });
    const batches: string[][] = [];
    r53.on(ListTagsForResourcesCommand).callsFake(async (input: { ResourceType: string; ResourceIds: string[] }) => {
      expect(input.ResourceType).toBe('hostedzone');
      batches.push([...input.ResourceIds]);
      if (input.ResourceIds.length === 2) throw awsError('ThrottlingException', 'slow down');
      return { ResourceTagSets: input.ResourceIds.map((ResourceId, i) => ({ ResourceType: 'hostedzone', ResourceId, Tags: i === 0 ? [{ Key: 'Role', Value: 'bastion' }] : [] })) };
    });
    const snap = await collectWith(['route53.hostedZoneTags']);
    const { hostedZoneTags, errors } = snap.route53 as Slice;
    expect(batches).toEqual([ids.slice(0, 10), ids.slice(10)]);
    expect(hostedZoneTags).toHaveLength(10);
    expect(hostedZoneTags![0]).toEqual({ Id: '/hostedzone/Z0000', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'global', Arn: 'arn:aws:route53:::hostedzone/Z0000' });
    expect(errors.map((e) => [e.dataset, e.operation, e.resource])).toEqual([
      ['route53.hostedZoneTags', 'route53:ListTagsForResources', 'arn:aws:route53:::hostedzone/Z0010'],
      ['route53.hostedZoneTags', 'route53:ListTagsForResources', 'arn:aws:route53:::hostedzone/Z0011'],
    ]);
  });
});
