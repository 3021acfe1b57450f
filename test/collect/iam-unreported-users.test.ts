import {
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportDescribes } from '../../src/collect/services/iam.js';
import { policyFor } from '../../src/aws/policy.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const iam = mockClient(IAMClient);
beforeEach(() => iam.reset());
afterEach(() => iam.reset());

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const row = (name: string, created: string, arnOf = arn(name)) =>
  `${name},${arnOf},${created},true,no_information,${created},N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
/** The report knows alice, "ops,eu" (a comma is allowed in user names) and an older dave. */
const REPORT = [
  HEADER,
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-03-14T09:12:44+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  row('alice', '2020-01-07T10:00:00+00:00'),
  row('ops,eu', '2021-05-05T05:05:05+00:00'),
  row('dave', '2022-02-02T02:02:02+00:00'),
].join('\n');

const user = (name: string, created: string) => ({ UserName: name, UserId: `AIDA${name.toUpperCase().replace(/\W/g, '')}`, Arn: arn(name), Path: '/', CreateDate: new Date(created) });

function account() {
  iam.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(REPORT),
    ReportFormat: 'text/csv',
    // Fresh (collection regenerates a report older than 4 hours, measured on the clock).
    GeneratedTime: new Date(Date.now() - 3600_000),
  });
  iam.on(ListUsersCommand).resolves({
    Users: [
      user('alice', '2020-01-07T10:00:00Z'),
      user('ops,eu', '2021-05-05T05:05:05Z'),
      // Deleted and re-created under the same name since the report: its row describes the old user.
      user('dave', '2026-11-01T11:40:00Z'),
      user('carol', '2026-11-01T11:30:00Z'),
      user('gone', '2026-11-01T11:31:00Z'),
      user('slow', '2026-11-01T11:32:00Z'),
    ],
  });
  const noSuchEntity = (what: string) => Object.assign(awsError('NoSuchEntityException', `The ${what} cannot be found.`), { Code: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
  iam.on(ListMFADevicesCommand).callsFake((input: { UserName: string }) => {
    if (input.UserName === 'gone') throw noSuchEntity('user with name gone');
    if (input.UserName === 'carol') return { MFADevices: [{ UserName: 'carol', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/carol-key`, EnableDate: new Date('2026-11-01T11:35:00Z') }] };
    return { MFADevices: [] };
  });
  iam.on(GetLoginProfileCommand).callsFake((input: { UserName: string }) => {
    if (input.UserName === 'carol') return { LoginProfile: { UserName: 'carol', CreateDate: new Date('2026-11-01T11:30:30Z'), PasswordResetRequired: true } };
    if (input.UserName === 'slow') throw Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { Code: 'Throttling' });
    throw noSuchEntity(`Login Profile for User ${input.UserName}`);
  });
}

type Slice = { unreportedUsers?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('iam.unreportedUsers', () => {
  it('reads ListMFADevices and GetLoginProfile only for users the report does not describe (created or re-created since)', async () => {
    account();
    const snap: Snapshot = await collectWith(['iam.unreportedUsers']);
    const slice = snap.iam as Slice;
    expect(iam.commandCalls(ListMFADevicesCommand).map((c) => c.args[0].input.UserName).sort()).toEqual(['carol', 'dave', 'gone', 'slow']);
    expect(iam.commandCalls(GetLoginProfileCommand).map((c) => c.args[0].input.UserName).sort()).toEqual(['carol', 'dave', 'slow']);
    // In ListUsers order.
    expect(slice.unreportedUsers).toEqual([
      {
        UserName: 'dave', Region: 'global', Arn: arn('dave'), MFADevices: [], LoginProfile: null,
      },
      {
        UserName: 'carol', Region: 'global', Arn: arn('carol'),
        MFADevices: [{ UserName: 'carol', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/carol-key`, EnableDate: '2026-11-01T11:35:00.000Z' }],
        LoginProfile: { CreateDate: '2026-11-01T11:30:30.000Z', PasswordResetRequired: true },
      },
    ]);
    // "gone" was deleted since ListUsers: dropped, no error. "slow" failed: left out, its error names it.
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'iam.unreportedUsers', operation: 'iam:GetLoginProfile', code: 'Throttling', resource: arn('slow'), region: 'global' }),
    ]);
  });

  it('no call at all when the report describes every user', async () => {
    account();
    iam.on(ListUsersCommand).resolves({ Users: [user('alice', '2020-01-07T10:00:00Z'), user('ops,eu', '2021-05-05T05:05:05Z')] });
    const slice = (await collectWith(['iam.unreportedUsers'])).iam as Slice;
    expect(slice.unreportedUsers).toEqual([]);
    expect(iam.commandCalls(ListMFADevicesCommand)).toEqual([]);
    expect(iam.commandCalls(GetLoginProfileCommand)).toEqual([]);
  });

  it('reportDescribes: name and ARN as fixed strings, creation time to the second', () => {
    expect(reportDescribes(REPORT, { UserName: 'ops,eu', Arn: arn('ops,eu'), CreateDate: '2021-05-05T05:05:05.400Z' })).toBe(true);
    expect(reportDescribes(REPORT, { UserName: 'ops', Arn: arn('ops'), CreateDate: '2021-05-05T05:05:05Z' })).toBe(false);
    expect(reportDescribes(REPORT, { UserName: 'dave', Arn: arn('dave'), CreateDate: '2026-11-01T11:40:00Z' })).toBe(false);
    expect(reportDescribes(REPORT, { UserName: 'alice', Arn: arn('alice'), CreateDate: null })).toBe(true);
  });

  it('the policy grants iam:ListMFADevices and iam:GetLoginProfile', () => {
    expect(policyFor(['iam.unreportedUsers']).Statement[0]!.Action).toEqual(expect.arrayContaining(['iam:GetLoginProfile', 'iam:ListMFADevices']));
  });
});
