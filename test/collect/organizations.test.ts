import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const org = mockClient(OrganizationsClient);
beforeEach(() => org.reset());
afterEach(() => org.reset());

type Slice = { organization?: Record<string, unknown> | null; errors: Record<string, unknown>[] };

describe('organizations collectors', () => {
  it('describes the organization, once, in the global region, without the management account e-mail', async () => {
    org.on(DescribeOrganizationCommand).resolves({
      Organization: {
        Id: 'o-abc123',
        Arn: 'arn:aws:organizations::111111111111:organization/o-abc123',
        FeatureSet: 'ALL',
        MasterAccountId: '111111111111',
        MasterAccountArn: 'arn:aws:organizations::111111111111:account/o-abc123/111111111111',
        MasterAccountEmail: 'aws-root@example.com',
      },
    });
    const snap = await collectWith(['organizations.organization'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.organizations as Slice;
    expect(slice.organization).toEqual({
      Id: 'o-abc123',
      Arn: 'arn:aws:organizations::111111111111:organization/o-abc123',
      FeatureSet: 'ALL',
      MasterAccountId: '111111111111',
      MasterAccountArn: 'arn:aws:organizations::111111111111:account/o-abc123/111111111111',
    });
    const calls = org.commandCalls(DescribeOrganizationCommand);
    expect(calls).toHaveLength(1);
    expect(await (calls[0]!.thisValue as OrganizationsClient).config.region()).toBe('us-east-1');
  });

  it('a standalone account (AWSOrganizationsNotInUseException) is null, not an error', async () => {
    org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    const snap = await collectWith(['organizations.organization']);
    const slice = snap.organizations as Slice;
    expect(slice.organization).toBeNull();
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied (e.g. an SCP) is a collection error', async () => {
    org.on(DescribeOrganizationCommand).rejects(awsError('AccessDeniedException', 'explicit deny in a service control policy'));
    const snap = await collectWith(['organizations.organization']);
    const slice = snap.organizations as Slice;
    expect(slice.organization).toBeUndefined();
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'organizations.organization', region: 'global', code: 'AccessDeniedException', operation: 'organizations:DescribeOrganization' }),
    ]);
  });
});
