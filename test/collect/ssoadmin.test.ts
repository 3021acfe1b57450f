import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const sso = mockClient(SSOAdminClient);
beforeEach(() => sso.reset());
afterEach(() => sso.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { instances?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('ssoadmin collectors', () => {
  it('lists Identity Center instances in every region (two pages in the home region, none elsewhere)', async () => {
    sso.on(ListInstancesCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      if ((await regionOf(getClient as never)) !== 'eu-west-1') return { Instances: [] };
      if (!input.NextToken)
        return {
          Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1111', IdentityStoreId: 'd-1111', OwnerAccountId: ACCOUNT, Status: 'ACTIVE' }],
          NextToken: 't2',
        };
      return { Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-2222', IdentityStoreId: 'd-2222', Status: 'ACTIVE' }] };
    });
    const snap = await collectWith(['ssoadmin.instances'], { regions: ['us-east-1', 'eu-west-1'] });
    const items = (snap.ssoadmin as Slice).instances!;
    expect(items).toEqual([
      expect.objectContaining({ InstanceArn: 'arn:aws:sso:::instance/ssoins-1111', Region: 'eu-west-1', Arn: 'arn:aws:sso:::instance/ssoins-1111' }),
      expect.objectContaining({ InstanceArn: 'arn:aws:sso:::instance/ssoins-2222', Region: 'eu-west-1' }),
    ]);
    expect(sso.commandCalls(ListInstancesCommand)).toHaveLength(3);
  });

  it('AccessDenied in one region is an error for that region only', async () => {
    sso.on(ListInstancesCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized to perform sso:ListInstances');
      return { Instances: [] };
    });
    const snap = await collectWith(['ssoadmin.instances'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ssoadmin as Slice;
    expect(slice.instances).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'ssoadmin.instances', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'sso:ListInstances' }),
    ]);
  });
});
