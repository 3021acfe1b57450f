import { GetAccountAuthorizationDetailsCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterEach(() => iam.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('iam.roleTags', () => {
  it('reads role tags from GetAccountAuthorizationDetails (Filter Role, paged), keeping only name and tags', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
      .resolves({
        RoleDetailList: [
          {
            RoleName: 'bastion',
            Arn: `arn:aws:iam::${ACCOUNT}:role/bastion`,
            Tags: [{ Key: 'Role', Value: 'bastion' }],
            RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: '{}' }],
          },
        ],
        IsTruncated: true,
        Marker: 'm1',
      })
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'm1' })
      .resolves({ RoleDetailList: [{ RoleName: 'web', Path: '/app/', Arn: `arn:aws:iam::${ACCOUNT}:role/app/web` }], IsTruncated: false });
    const snap = await collectWith(['iam.roleTags']);
    const { roleTags, errors } = snap.iam as Slice;
    expect(errors).toEqual([]);
    expect(roleTags).toEqual([
      { RoleName: 'bastion', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'global', Arn: `arn:aws:iam::${ACCOUNT}:role/bastion` },
      { RoleName: 'web', Tags: [], Region: 'global', Arn: `arn:aws:iam::${ACCOUNT}:role/app/web` },
    ]);
    const calls = iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({ Filter: ['Role'] });
    // Roles' tags cost no ListRoleTags call per role, and no ListRoles.
    expect(iam.commandCalls(ListRolesCommand)).toHaveLength(0);
  });

  it('a denied call is a collection error of the dataset', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 'no'));
    const snap = await collectWith(['iam.roleTags']);
    expect((snap.iam as Slice).errors).toEqual([
      expect.objectContaining({ dataset: 'iam.roleTags', operation: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied' }),
    ]);
  });
});
