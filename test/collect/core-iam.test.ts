import { readFileSync } from 'node:fs';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialReportTiming } from '../../src/collect/services/iam.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const file = (name: string) => readFileSync(new URL(`../../fixtures/aws/iam/${name}`, import.meta.url), 'utf8');
/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(file(`${name}.json`), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const REPORT_CSV = file('credential-report.csv');
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

/**
 * IAM speaks the awsQuery protocol: the SDK error's name is the modelled exception, its Code the wire
 * code ("ReportNotPresent"), which describeAwsError reads first. Both are set here, as the SDK sets them.
 */
const iamError = (name: string, code: string, message: string) => Object.assign(awsError(name, message), { Code: code });
const NOT_PRESENT = () => iamError('CredentialReportNotPresentException', 'ReportNotPresent', 'Credential report does not exist. Use GenerateCredentialReport to generate a credential report.');
const EXPIRED = () => iamError('CredentialReportExpiredException', 'ReportExpired', 'Credential report has expired. Use GenerateCredentialReport to generate a new credential report.');
const IN_PROGRESS = () => iamError('CredentialReportNotReadyException', 'ReportInProgress', 'Credential report is still being generated.');

type Item = Record<string, unknown>;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
type IamSlice = Record<string, unknown> & { errors: Item[] };
const iamSlice = (snap: Snapshot) => snap.iam as IamSlice;

const iam = mockClient(IAMClient);
const savedTiming = { ...credentialReportTiming };
beforeEach(() => {
  iam.reset();
  Object.assign(credentialReportTiming, { pollMs: 5, timeoutMs: 200 });
});
afterEach(() => {
  iam.reset();
  Object.assign(credentialReportTiming, savedTiming);
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
const report = (generated: Date, csv = REPORT_CSV) => ({ Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv' as const, GeneratedTime: generated });
/** The IAM commands sent, in order. */
const sent = () => iam.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''));

describe('iam.credentialReport', () => {
  it('no report yet: GenerateCredentialReport, poll until COMPLETE, then GetCredentialReport; Content decoded to CSV text', async () => {
    const generated = new Date();
    iam.on(GetCredentialReportCommand).rejectsOnce(NOT_PRESENT()).resolves(report(generated));
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    const snap = await collectWith(['iam.credentialReport']);
    expect(sent()).toEqual(['GetCredentialReport', 'GenerateCredentialReport', 'GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
    const slice = iamSlice(snap);
    expect(slice.errors).toEqual([]);
    expect(slice.credentialReport).toEqual({ GeneratedTime: generated.toISOString(), ReportFormat: 'text/csv', Content: REPORT_CSV });
    expect((slice.credentialReport as { Content: string }).Content.split('\n')[1]).toMatch(/^<root_account>,arn:aws:iam::123456789012:root,/);
  });

  it('an expired report (ReportExpired) is regenerated', async () => {
    iam.on(GetCredentialReportCommand).rejectsOnce(EXPIRED()).resolves(report(new Date()));
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    const snap = await collectWith(['iam.credentialReport']);
    expect(sent()).toEqual(['GetCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
    expect(iamSlice(snap).errors).toEqual([]);
  });

  it('a report older than 4 hours is regenerated and the new one kept', async () => {
    const fresh = new Date();
    iam
      .on(GetCredentialReportCommand)
      .resolvesOnce(report(hoursAgo(5), 'user,arn\nold,x\n'))
      .resolves(report(fresh));
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
    const snap = await collectWith(['iam.credentialReport']);
    expect(sent()).toEqual(['GetCredentialReport', 'GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
    expect(iamSlice(snap).credentialReport).toMatchObject({ GeneratedTime: fresh.toISOString(), Content: REPORT_CSV });
  });

  it('a fresh report (under 4 hours) is used as it is, without generating', async () => {
    const generated = hoursAgo(3.5);
    iam.on(GetCredentialReportCommand).resolves(report(generated));
    const snap = await collectWith(['iam.credentialReport']);
    expect(sent()).toEqual(['GetCredentialReport']);
    expect(iamSlice(snap).credentialReport).toEqual({ GeneratedTime: generated.toISOString(), ReportFormat: 'text/csv', Content: REPORT_CSV });
  });

  it('a report being generated by someone else (ReportInProgress) is waited for', async () => {
    iam.on(GetCredentialReportCommand).rejectsOnce(IN_PROGRESS()).resolves(report(new Date()));
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    const snap = await collectWith(['iam.credentialReport']);
    expect(iamSlice(snap).errors).toEqual([]);
    expect(sent()).toEqual(['GetCredentialReport', 'GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
    expect(iamSlice(snap).credentialReport).toMatchObject({ Content: REPORT_CSV });
  });

  it('a generation that never completes ends with a collection error after the timeout', async () => {
    Object.assign(credentialReportTiming, { pollMs: 5, timeoutMs: 60 });
    iam.on(GetCredentialReportCommand).rejects(NOT_PRESENT());
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const started = Date.now();
    const snap = await collectWith(['iam.credentialReport']);
    expect(Date.now() - started).toBeLessThan(5_000);
    const slice = iamSlice(snap);
    expect(slice).not.toHaveProperty('credentialReport');
    expect(slice.errors).toEqual([
      {
        dataset: 'iam.credentialReport',
        service: 'iam',
        region: 'global',
        operation: 'iam:GenerateCredentialReport',
        code: 'CredentialReportTimeout',
        message: 'credential report still INPROGRESS after 0.06s',
      },
    ]);
    expect(iam.commandCalls(GenerateCredentialReportCommand).length).toBeGreaterThan(1);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  it('AccessDenied on GetCredentialReport is a collection error, not a generate', async () => {
    const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/aws-tips is not authorized to perform: iam:GetCredentialReport`;
    iam.on(GetCredentialReportCommand).rejects(iamError('AccessDenied', 'AccessDenied', message));
    const snap = await collectWith(['iam.credentialReport']);
    expect(sent()).toEqual(['GetCredentialReport']);
    expect(iamSlice(snap).errors).toEqual([
      { dataset: 'iam.credentialReport', service: 'iam', region: 'global', operation: 'iam:GetCredentialReport', code: 'AccessDenied', message: startsWith(message) },
    ]);
  });

  it('runs against the global region', async () => {
    const regions: string[] = [];
    iam.on(GetCredentialReportCommand).callsFake(async (_i, getClient) => {
      regions.push(await regionOf(getClient));
      return report(new Date());
    });
    await collectWith(['iam.credentialReport'], { regions: ['eu-west-1', 'ap-southeast-2'] });
    expect(regions).toEqual(['us-east-1']);
  });
});

describe('iam.accountSummary and iam.virtualMfaDevices', () => {
  it('keeps the SummaryMap as returned', async () => {
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary'));
    const snap = await collectWith(['iam.accountSummary']);
    expect(iamSlice(snap).accountSummary).toEqual(fixture('get-account-summary'));
  });

  it('pages through the assigned virtual MFA devices', async () => {
    const inputs: Item[] = [];
    iam.on(ListVirtualMFADevicesCommand).callsFake(async (input: { Marker?: string }) => {
      inputs.push({ ...input });
      return input.Marker
        ? { VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, User: { Arn: `arn:aws:iam::${ACCOUNT}:root`, UserName: ACCOUNT, UserId: ACCOUNT }, EnableDate: new Date('2019-03-14T09:20:00Z') }], IsTruncated: false }
        : { VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: { Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, UserName: 'alice' }, EnableDate: new Date('2020-01-07T10:30:00Z') }], IsTruncated: true, Marker: 'mfa-2' };
    });
    const snap = await collectWith(['iam.virtualMfaDevices']);
    expect((iamSlice(snap).virtualMfaDevices as Item[]).map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${ACCOUNT}:mfa/alice`,
      `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
    ]);
    expect(inputs).toEqual([
      { AssignmentStatus: 'Assigned', MaxItems: 1000 },
      { AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: 'mfa-2' },
    ]);
  });
});

describe('iam.users and iam.userDetails', () => {
  it('pages through ListUsers with Marker / IsTruncated', async () => {
    const inputs: Item[] = [];
    iam.on(ListUsersCommand).callsFake(async (input: { Marker?: string }) => {
      inputs.push({ ...input });
      const first = fixture('list-users-page1');
      return input.Marker === first.Marker ? fixture('list-users-page2') : first;
    });
    const snap = await collectWith(['iam.users']);
    const users = iamSlice(snap).users as Item[];
    expect(users.map((u) => [u.UserName, u.Region, u.Arn])).toEqual([
      ['alice', 'global', `arn:aws:iam::${ACCOUNT}:user/alice`],
      ['deploy-bot', 'global', `arn:aws:iam::${ACCOUNT}:user/ci/deploy-bot`],
      ['bob', 'global', `arn:aws:iam::${ACCOUNT}:user/bob`],
    ]);
    expect(users[0]).toMatchObject({ PasswordLastUsed: '2026-10-31T17:45:03.000Z', CreateDate: '2020-01-07T10:00:00.000Z' });
    expect(inputs).toEqual([{ MaxItems: 1000 }, { MaxItems: 1000, Marker: fixture('list-users-page1').Marker }]);
  });

  it('pages through GetAccountAuthorizationDetails (Filter User) and keeps inline and attached policies', async () => {
    const inputs: Item[] = [];
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake(async (input: { Marker?: string }) => {
      inputs.push({ ...input, Filter: [...((input as { Filter?: string[] }).Filter ?? [])] });
      const first = fixture('get-account-authorization-details-page1');
      return input.Marker === first.Marker ? fixture('get-account-authorization-details-page2') : first;
    });
    const snap = await collectWith(['iam.userDetails']);
    const users = iamSlice(snap).userDetails as Item[];
    expect(users.map((u) => [u.UserName, u.Arn, u.Region])).toEqual([
      ['alice', `arn:aws:iam::${ACCOUNT}:user/alice`, 'global'],
      ['deploy-bot', `arn:aws:iam::${ACCOUNT}:user/ci/deploy-bot`, 'global'],
      ['bob', `arn:aws:iam::${ACCOUNT}:user/bob`, 'global'],
    ]);
    expect(users[1]).toMatchObject({
      UserPolicyList: [{ PolicyName: 'deploy' }],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonS3FullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }],
      PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/ci-boundary` },
    });
    expect(users[0]).toMatchObject({ GroupList: ['Admins'], Tags: [{ Key: 'team', Value: 'platform' }] });
    expect(inputs).toEqual([
      { Filter: ['User'], MaxItems: 1000 },
      { Filter: ['User'], MaxItems: 1000, Marker: fixture('get-account-authorization-details-page1').Marker },
    ]);
  });

  it('a failure on the second page is a collection error, not a partial list', async () => {
    iam
      .on(ListUsersCommand)
      .resolvesOnce(fixture('list-users-page1'))
      .rejects(iamError('ServiceFailure', 'ServiceFailure', 'Service Failure'));
    const snap = await collectWith(['iam.users']);
    expect(iamSlice(snap)).not.toHaveProperty('users');
    expect(iamSlice(snap).errors).toEqual([expect.objectContaining({ dataset: 'iam.users', region: 'global', code: 'ServiceFailure' })]);
  });
});

describe('iam.organizationsFeatures', () => {
  it('keeps the organization and its enabled features', async () => {
    iam.on(ListOrganizationsFeaturesCommand).resolves({ OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] });
    const snap = await collectWith(['iam.organizationsFeatures']);
    expect(iamSlice(snap).organizationsFeatures).toEqual({ OrganizationId: 'o-a1b2c3d4e5', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] });
  });

  // Catalogue §0.2: member, standalone, not all-features, trusted access off -> not applicable.
  it.each([
    ['AccountNotManagementOrDelegatedAdministratorException', 'The request failed because the account is not the management account or delegated administrator account.'],
    ['OrganizationNotFoundException', 'The request failed because the account is not a member of an organization.'],
    ['OrganizationNotInAllFeaturesModeException', 'The request failed because your organization does not have all features enabled.'],
    ['ServiceAccessNotEnabledException', 'The request failed because IAM trusted access is not enabled in AWS Organizations.'],
  ])('%s is "not applicable": null, no error', async (code, message) => {
    iam.on(ListOrganizationsFeaturesCommand).rejects(iamError(code, code, message));
    const snap = await collectWith(['iam.organizationsFeatures']);
    expect(iamSlice(snap).organizationsFeatures).toBeNull();
    expect(iamSlice(snap).errors).toEqual([]);
  });

  // §0.2 overrides rule 10's text: a plain AccessDenied is a missing permission, not "not a management account".
  it.each([
    ['AccessDenied', 'User is not authorized to perform: iam:ListOrganizationsFeatures'],
    ['ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.'],
    ['Throttling', 'Rate exceeded'],
  ])('%s is a collection error', async (code, message) => {
    iam.on(ListOrganizationsFeaturesCommand).rejects(iamError(code, code, message));
    const snap = await collectWith(['iam.organizationsFeatures']);
    expect(iamSlice(snap)).not.toHaveProperty('organizationsFeatures');
    expect(iamSlice(snap).errors).toEqual([
      // A denial also names the IAM permission to add.
      { dataset: 'iam.organizationsFeatures', service: 'iam', region: 'global', operation: 'iam:ListOrganizationsFeatures', code, message: code === 'AccessDenied' ? `${message}; missing permission iam:ListOrganizationsFeatures` : message },
    ]);
  });
});
