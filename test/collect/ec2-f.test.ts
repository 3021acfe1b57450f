import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ec2 = mockClient(EC2Client);
beforeEach(() => ec2.reset());
afterEach(() => ec2.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { keyPairs?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('ec2 collectors (key pairs)', () => {
  it('describes key pairs in one call per region (DescribeKeyPairs is not paginated)', async () => {
    ec2.on(DescribeKeyPairsCommand).callsFake(async (_i, getClient) =>
      (await regionOf(getClient as never)) === 'us-east-1'
        ? {
            KeyPairs: [
              { KeyPairId: 'key-0abc', KeyName: 'prod', KeyType: 'ed25519', CreateTime: new Date('2025-01-01T00:00:00Z'), Tags: [{ Key: 'env', Value: 'prod' }] },
              // Very old key pairs have no CreateTime; moto answers "" for absent fields.
              { KeyPairId: '', KeyName: 'legacy', KeyType: '', KeyFingerprint: 'aa:bb' },
            ],
          }
        : { KeyPairs: [] },
    );
    const snap = await collectWith(['ec2.keyPairs'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ec2 as Slice;
    expect(slice.keyPairs).toEqual([
      expect.objectContaining({ KeyName: 'prod', CreateTime: '2025-01-01T00:00:00.000Z', Region: 'us-east-1', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:key-pair/key-0abc` }),
      { KeyName: 'legacy', KeyFingerprint: 'aa:bb', Region: 'us-east-1', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:key-pair/legacy` },
    ]);
    expect(ec2.commandCalls(DescribeKeyPairsCommand)).toHaveLength(2);
  });

  it('AccessDenied in one region is an error for that region', async () => {
    ec2.on(DescribeKeyPairsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return { KeyPairs: [] };
    });
    const snap = await collectWith(['ec2.keyPairs'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ec2 as Slice;
    expect(slice.keyPairs).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'ec2.keyPairs', region: 'eu-west-1', code: 'UnauthorizedOperation', operation: 'ec2:DescribeKeyPairs' }),
    ]);
  });
});
