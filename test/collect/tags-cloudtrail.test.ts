import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ct = mockClient(CloudTrailClient);
beforeEach(() => ct.reset());
afterEach(() => ct.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const trailArn = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;

describe('cloudtrail.trailTags', () => {
  it("asks ListTags in each trail's home region, 20 ARNs a call; a denied call is an error per trail", async () => {
    const east = Array.from({ length: 21 }, (_, i) => trailArn('us-east-1', `t${i}`));
    const west = trailArn('eu-west-1', 'audit');
    ct.on(DescribeTrailsCommand).resolves({
      trailList: [...east.map((TrailARN) => ({ TrailARN, Name: TrailARN.split('/')[1], HomeRegion: 'us-east-1' })), { TrailARN: west, Name: 'audit', HomeRegion: 'eu-west-1' }],
    });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ct.on(GetEventSelectorsCommand).resolves({});
    const calls: { region: string; ids: string[] }[] = [];
    ct.on(ListTagsCommand).callsFake(async (input: { ResourceIdList: string[] }, getClient: () => CloudTrailClient) => {
      const region = await getClient().config.region();
      calls.push({ region, ids: [...input.ResourceIdList] });
      if (region === 'eu-west-1') throw awsError('AccessDeniedException', 'no');
      return { ResourceTagList: input.ResourceIdList.map((ResourceId, i) => ({ ResourceId, TagsList: i === 0 ? [{ Key: 'Role', Value: 'bastion' }] : [] })) };
    });
    const snap = await collectWith(['cloudtrail.trailTags'], { regions: ['us-east-1', 'eu-west-1'] });
    const { trailTags, errors } = snap.cloudtrail as Slice;
    expect(calls.map((c) => [c.region, c.ids.length]).sort()).toEqual([['eu-west-1', 1], ['us-east-1', 1], ['us-east-1', 20]]);
    expect(trailTags).toHaveLength(21);
    expect(trailTags).toContainEqual({ TrailARN: east[0], Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: east[0] });
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'cloudtrail.trailTags', operation: 'cloudtrail:ListTags', region: 'eu-west-1', resource: west, code: 'AccessDeniedException' }),
    ]);
  });
});
