import { DescribeOrganizationCommand, ListPoliciesCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const org = mockClient(OrganizationsClient);
const organization = (master: string) => ({
  Organization: { Id: 'o-abc123', Arn: `arn:aws:organizations::${master}:organization/o-abc123`, FeatureSet: 'ALL' as const, MasterAccountId: master },
});
// tagPolicies reads the organization first (dependsOn): the management account unless a case says otherwise.
beforeEach(() => {
  org.reset();
  org.on(DescribeOrganizationCommand).resolves(organization(ACCOUNT));
});
afterEach(() => org.reset());

type Slice = { tagPolicies?: { Policies: Record<string, unknown>[] | null } | null; errors: Record<string, unknown>[] };
const policy = (id: string) => ({
  Id: id,
  Arn: `arn:aws:organizations::${ACCOUNT}:policy/o-abc123/tag_policy/${id}`,
  Name: id,
  Type: 'TAG_POLICY' as const,
  AwsManaged: false,
});

describe('organizations.tagPolicies', () => {
  it('lists the tag policies (Filter TAG_POLICY), every page, once, in the global region', async () => {
    org.on(ListPoliciesCommand, { Filter: 'TAG_POLICY' }).resolvesOnce({ Policies: [policy('p-1')], NextToken: 't1' }).resolvesOnce({ Policies: [policy('p-2')] });
    const snap = await collectWith(['organizations.tagPolicies'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.organizations as Slice;
    expect(slice.tagPolicies?.Policies?.map((p) => p.Id)).toEqual(['p-1', 'p-2']);
    expect(slice.errors).toEqual([]);
    const calls = org.commandCalls(ListPoliciesCommand);
    // (the paginator reuses one input object, so the first call's NextToken is not inspectable afterwards)
    expect(calls.map((c) => c.args[0].input.Filter)).toEqual(['TAG_POLICY', 'TAG_POLICY']);
  });

  it('an organization with no tag policy is an empty list', async () => {
    org.on(ListPoliciesCommand).resolves({ Policies: [] });
    const snap = await collectWith(['organizations.tagPolicies']);
    expect((snap.organizations as Slice).tagPolicies).toEqual({ Policies: [] });
  });

  it('a standalone account (AWSOrganizationsNotInUseException) is null, not an error', async () => {
    const notInUse = awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    org.on(DescribeOrganizationCommand).rejects(notInUse);
    org.on(ListPoliciesCommand).rejects(notInUse);
    const snap = await collectWith(['organizations.tagPolicies']);
    const slice = snap.organizations as Slice;
    expect(slice.tagPolicies).toBeNull();
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied in a member account (not a delegated administrator) is "not readable here", not an error', async () => {
    org.on(ListPoliciesCommand).rejects(awsError('AccessDeniedException', 'You don’t have permissions to access this resource.'));
    org.on(DescribeOrganizationCommand).resolves(organization('999999999999'));
    const snap = await collectWith(['organizations.tagPolicies']);
    const slice = snap.organizations as Slice;
    expect(slice.tagPolicies).toEqual({ Policies: null });
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied in the management account is a collection error', async () => {
    org.on(ListPoliciesCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform organizations:ListPolicies'));
    const snap = await collectWith(['organizations.tagPolicies']);
    const slice = snap.organizations as Slice;
    expect(slice.tagPolicies).toBeUndefined();
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'organizations.tagPolicies', region: 'global', code: 'AccessDeniedException', operation: 'organizations:ListPolicies' }),
    ]);
  });

  it('AccessDenied when the organization itself cannot be read is a collection error (management or member unknown)', async () => {
    org.on(ListPoliciesCommand).rejects(awsError('AccessDeniedException'));
    org.on(DescribeOrganizationCommand).rejects(awsError('AccessDeniedException'));
    const snap = await collectWith(['organizations.tagPolicies']);
    const slice = snap.organizations as Slice;
    expect(slice.tagPolicies).toBeUndefined();
    expect(slice.errors).toEqual(expect.arrayContaining([expect.objectContaining({ dataset: 'organizations.tagPolicies' })]));
  });
});
