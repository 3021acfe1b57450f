import { DescribeInstancesCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/misc/ec2-key-pair-strategy.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ec2 = mockClient(EC2Client);
beforeEach(() => ec2.reset());
afterEach(() => ec2.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { keyPairs?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('ec2 collectors (key pairs)', () => {
  it('describes key pairs in one call per region (DescribeKeyPairs is not paginated); the ARN names the key by KeyName (arn:...:key-pair/<KeyName>), not KeyPairId', async () => {
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
      expect.objectContaining({ KeyName: 'prod', CreateTime: '2025-01-01T00:00:00.000Z', Region: 'us-east-1', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:key-pair/prod` }),
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

  it('a region whose key pairs could not be read gives ec2-key-pair-strategy an error there, never a pass', async () => {
    ec2.on(DescribeKeyPairsCommand).callsFake(async (_i, getClient) => {
      const region = await regionOf(getClient as never);
      if (region === 'eu-west-1') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return { KeyPairs: [{ KeyPairId: 'key-1', KeyName: 'new', KeyType: 'ed25519', CreateTime: new Date('2026-10-20T00:00:00Z') }] };
    });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const snap = await collectWith([...rule.needs], { regions: ['us-east-1', 'eu-west-1'] });
    const { findings } = evaluateRule(snap, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    expect(findings.map((f) => [f.status, f.resource.region])).toEqual(
      expect.arrayContaining([['error', 'eu-west-1'], ['pass', 'us-east-1']]),
    );
    expect(findings.filter((f) => f.status === 'pass' && f.resource.region === 'eu-west-1')).toEqual([]);
  });
});
