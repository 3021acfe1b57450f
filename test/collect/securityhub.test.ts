import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const sh = mockClient(SecurityHubClient);
beforeEach(() => sh.reset());
afterEach(() => sh.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { hubs?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('securityhub collectors', () => {
  it('one hub where enabled; "not subscribed" (InvalidAccessException) is no hub, not an error', async () => {
    sh.on(DescribeHubCommand).callsFake(async (_i, getClient) => {
      const region = await regionOf(getClient as never);
      if (region === 'eu-west-1') throw awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`);
      if (region === 'ap-south-1') throw awsError('ResourceNotFoundException', 'hub not found');
      return { HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`, SubscribedAt: '2025-03-01T00:00:00.000Z', AutoEnableControls: true };
    });
    const snap = await collectWith(['securityhub.hubs'], { regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] });
    const slice = snap.securityhub as Slice;
    expect(slice.hubs).toEqual([
      {
        HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`,
        SubscribedAt: '2025-03-01T00:00:00.000Z',
        AutoEnableControls: true,
        Region: 'us-east-1',
        Arn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`,
      },
    ]);
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied is a collection error for that region', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform securityhub:DescribeHub'));
    const snap = await collectWith(['securityhub.hubs']);
    const slice = snap.securityhub as Slice;
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'securityhub.hubs', region: 'us-east-1', code: 'AccessDeniedException', operation: 'securityhub:DescribeHub' }),
    ]);
  });
});
