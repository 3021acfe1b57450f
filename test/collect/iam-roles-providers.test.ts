import {
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterEach(() => iam.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('iam collectors (roles, identity providers, policy entities)', () => {
  it('lists roles across two pages and decodes the URL-encoded trust policy', async () => {
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    iam
      .on(ListRolesCommand, { Marker: undefined })
      .resolves({
        Roles: [
          {
            RoleName: 'AWSReservedSSO_Admin_0123456789abcdef',
            RoleId: 'AROA1',
            Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
            Arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`,
            CreateDate: new Date('2025-01-01T00:00:00Z'),
          },
        ],
        IsTruncated: true,
        Marker: 'm2',
      })
      .on(ListRolesCommand, { Marker: 'm2' })
      .resolves({
        Roles: [
          {
            RoleName: 'web-server',
            RoleId: 'AROA2',
            Path: '/',
            Arn: `arn:aws:iam::${ACCOUNT}:role/web-server`,
            CreateDate: new Date('2025-02-01T00:00:00Z'),
            AssumeRolePolicyDocument: encodeURIComponent(trust),
          },
        ],
        IsTruncated: false,
      });
    const snap = await collectWith(['iam.roles']);
    const roles = (snap.iam as Slice).roles;
    expect(roles.map((r) => r.RoleName)).toEqual(['AWSReservedSSO_Admin_0123456789abcdef', 'web-server']);
    expect(roles[0]).toMatchObject({ Region: 'global', Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', CreateDate: '2025-01-01T00:00:00.000Z' });
    expect(roles[1]).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:role/web-server`, AssumeRolePolicyDocument: trust });
    const calls = iam.commandCalls(ListRolesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.MaxItems).toBe(1000);
  });

  it('lists SAML and OIDC providers; none is an empty list', async () => {
    iam.on(ListSAMLProvidersCommand).resolves({
      SAMLProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`, CreateDate: new Date('2024-05-01T00:00:00Z') }],
    });
    iam.on(ListOpenIDConnectProvidersCommand).resolves({});
    const snap = await collectWith(['iam.samlProviders', 'iam.oidcProviders']);
    const slice = snap.iam as Slice;
    expect(slice.samlProviders).toEqual([
      { Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`, CreateDate: '2024-05-01T00:00:00.000Z', Region: 'global' },
    ]);
    expect(slice.oidcProviders).toEqual([]);
    expect(slice.errors).toEqual([]);
  });

  it('collects the SecurityAudit attachments across two pages', async () => {
    iam
      .on(ListEntitiesForPolicyCommand, { Marker: undefined })
      .resolves({ PolicyRoles: [{ RoleName: 'auditor', RoleId: 'AROA3' }], PolicyUsers: [], PolicyGroups: [], IsTruncated: true, Marker: 'p2' })
      .on(ListEntitiesForPolicyCommand, { Marker: 'p2' })
      .resolves({ PolicyRoles: [{ RoleName: 'prowler', RoleId: 'AROA4' }], PolicyGroups: [{ GroupName: 'security', GroupId: 'AGPA1' }], IsTruncated: false });
    const snap = await collectWith(['iam.policyEntities']);
    expect((snap.iam as Slice).policyEntities).toEqual([
      {
        PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit',
        PolicyRoles: [{ RoleName: 'auditor', RoleId: 'AROA3' }, { RoleName: 'prowler', RoleId: 'AROA4' }],
        PolicyUsers: [],
        PolicyGroups: [{ GroupName: 'security', GroupId: 'AGPA1' }],
        Region: 'global',
        Arn: 'arn:aws:iam::aws:policy/SecurityAudit',
      },
    ]);
    expect(iam.commandCalls(ListEntitiesForPolicyCommand)[0]!.args[0].input.PolicyArn).toBe('arn:aws:iam::aws:policy/SecurityAudit');
  });

  it('AccessDenied is a collection error for the dataset, not an empty list', async () => {
    iam.on(ListRolesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: iam:ListRoles'));
    iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
    const snap = await collectWith(['iam.roles', 'iam.samlProviders']);
    const slice = snap.iam as Slice;
    expect(slice.roles).toBeUndefined();
    expect(slice.samlProviders).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'iam.roles', region: 'global', code: 'AccessDenied', operation: 'iam:ListRoles' }),
    ]);
  });
});
