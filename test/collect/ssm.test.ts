import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, ListAssociationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/operations/ops-automation-coverage.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ssm = mockClient(SSMClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  ssm.reset();
  ec2.reset();
});
afterEach(() => {
  ssm.reset();
  ec2.reset();
});

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('ssm.instanceInformation', () => {
  it('pages by 50 and names EC2 nodes by their instance ARN, hybrid nodes by their SSM ARN', async () => {
    const inputs: Record<string, unknown>[] = [];
    ssm.on(DescribeInstanceInformationCommand).callsFake(async (input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return input.NextToken
        ? { InstanceInformationList: [{ InstanceId: 'mi-0123456789abcdef0', PingStatus: 'ConnectionLost', ResourceType: 'ManagedInstance' }] }
        : {
            InstanceInformationList: [
              { InstanceId: 'i-1', PingStatus: 'Online', ResourceType: 'EC2Instance', AssociationStatus: 'Success', LastPingDateTime: new Date('2026-11-01T11:00:00Z') },
            ],
            NextToken: 'p2',
          };
    });
    const snap = await collectWith(['ssm.instanceInformation']);
    const slice = snap.ssm as Slice;
    expect(inputs).toEqual([{ MaxResults: 50 }, { MaxResults: 50, NextToken: 'p2' }]);
    expect(slice.instanceInformation!.map((n) => [n.InstanceId, n.PingStatus, n.Arn])).toEqual([
      ['i-1', 'Online', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`],
      ['mi-0123456789abcdef0', 'ConnectionLost', `arn:aws:ssm:us-east-1:${ACCOUNT}:managed-instance/mi-0123456789abcdef0`],
    ]);
    expect(slice.instanceInformation![0]).toMatchObject({ AssociationStatus: 'Success', LastPingDateTime: '2026-11-01T11:00:00.000Z' });
  });

  it('no managed nodes is an empty list, not an error', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const snap = await collectWith(['ssm.instanceInformation']);
    expect(snap.ssm).toEqual({ instanceInformation: [], errors: [] });
  });
});

describe('ssm.associations', () => {
  it('pages through ListAssociations and keeps targets', async () => {
    ssm.on(ListAssociationsCommand).callsFake(async (input: { NextToken?: string }) =>
      input.NextToken
        ? { Associations: [{ AssociationId: 'a-2', Name: 'AWS-GatherSoftwareInventory', Targets: [{ Key: 'InstanceIds', Values: ['*'] }] }] }
        : { Associations: [{ AssociationId: 'a-1', Name: 'AWS-RunPatchBaseline', Targets: [{ Key: 'tag:Patch', Values: ['true'] }] }], NextToken: 'n' },
    );
    const snap = await collectWith(['ssm.associations']);
    const slice = snap.ssm as Slice;
    expect(slice.associations!.map((a) => [a.AssociationId, a.Arn])).toEqual([
      ['a-1', `arn:aws:ssm:us-east-1:${ACCOUNT}:association/a-1`],
      ['a-2', `arn:aws:ssm:us-east-1:${ACCOUNT}:association/a-2`],
    ]);
    expect(slice.associations![0]!.Targets).toEqual([{ Key: 'tag:Patch', Values: ['true'] }]);
  });

  it('AccessDenied in one region is a collection error there, and the rule reports error, not pass', async () => {
    ssm.on(ListAssociationsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized to perform: ssm:ListAssociations');
      return { Associations: [{ AssociationId: 'a-1', Name: 'AWS-RunPatchBaseline', Targets: [{ Key: 'InstanceIds', Values: ['*'] }] }] };
    });
    ssm.on(DescribeInstanceInformationCommand).callsFake(async (_i, getClient) => ({
      InstanceInformationList: [{ InstanceId: (await regionOf(getClient)) === 'eu-west-1' ? 'i-eu' : 'i-us', PingStatus: 'Online' }],
    }));
    ec2.on(DescribeInstancesCommand).callsFake(async (_i, getClient) => {
      const id = (await regionOf(getClient)) === 'eu-west-1' ? 'i-eu' : 'i-us';
      return { Reservations: [{ OwnerId: ACCOUNT, Instances: [{ InstanceId: id, State: { Name: 'running' }, Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'g' }] }] }] };
    });
    const snap = await collectWith([...rule.needs], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ssm as Slice;
    expect(slice.associations!.map((a) => a.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'ssm.associations', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'ssm:ListAssociations' }),
    ]);
    const result = evaluateRule(snap, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    const euFindings = result.findings.filter((f) => f.resource.region === 'eu-west-1');
    expect(euFindings.map((f) => f.status)).toContain('error');
    expect(euFindings.some((f) => f.status === 'pass')).toBe(false);
    expect(result.findings.find((f) => f.resource.id === 'i-us')?.status).toBe('pass');
  });
});
