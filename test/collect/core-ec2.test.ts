import { readFileSync } from 'node:fs';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import eipRule from '../../rules/ec2-vpc/ec2-eip-unassociated.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws/ec2/${name}.json`, import.meta.url), 'utf8'), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

type Item = Record<string, unknown>;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
type Slice = Record<string, Item[]> & { errors: Item[] };
const ec2Slice = (snap: Snapshot) => snap.ec2 as Slice;

const DENIED = (op: string) =>
  `You are not authorized to perform this operation. User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/aws-tips is not ` +
  `authorized to perform: ec2:${op} because no identity-based policy allows the ec2:${op} action`;

const ec2 = mockClient(EC2Client);
beforeEach(() => ec2.reset());
afterEach(() => ec2.reset());

/** DescribeInstances answering the two recorded pages; every request input is kept (copied: paginators reuse it). */
function instancesFromFixtures(inputs: Item[] = []) {
  ec2.on(DescribeInstancesCommand).callsFake(async (input: { NextToken?: string }) => {
    inputs.push({ ...input });
    const first = fixture('describe-instances-page1');
    if (!input.NextToken) return first;
    if (input.NextToken === first.NextToken) return fixture('describe-instances-page2');
    throw awsError('InvalidParameterValue', `bad token ${input.NextToken}`);
  });
  return inputs;
}

describe('ec2.instances', () => {
  it('pages through DescribeInstances and flattens reservations, keeping the reservation OwnerId', async () => {
    const inputs = instancesFromFixtures();
    const snap = await collectWith(['ec2.instances']);
    const { instances, errors } = ec2Slice(snap);
    expect(errors).toEqual([]);
    expect(instances.map((i) => [i.InstanceId, i.OwnerId, i.Region, i.Arn])).toEqual([
      ['i-1234567890abcdef0', ACCOUNT, 'us-east-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1234567890abcdef0`],
      ['i-0598c7d356eba48d7', ACCOUNT, 'us-east-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0598c7d356eba48d7`],
      ['i-0fa1b2c3d4e5f6a7b', ACCOUNT, 'us-east-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0fa1b2c3d4e5f6a7b`],
      ['i-0c9d8e7f6a5b4c3d2', ACCOUNT, 'us-east-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0c9d8e7f6a5b4c3d2`],
    ]);
    const filter = [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }];
    expect(inputs).toEqual([
      { Filters: filter, MaxResults: 1000 },
      { Filters: filter, MaxResults: 1000, NextToken: 'eyJ2IjoiMiIsImMiOiJwYWdlLTIifQ==' },
    ]);
    // SDK fields survive as they came, dates as ISO strings in the snapshot.
    expect(instances[0]).toMatchObject({
      InstanceType: 't3.micro',
      State: { Code: 16, Name: 'running' },
      LaunchTime: '2026-05-17T17:51:05.000Z',
      IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/AdminRole` },
      Tags: [{ Key: 'Name', Value: 'web-1' }, { Key: 'env', Value: 'prod' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-02e6ccdca7de29cf2', AttachTime: '2026-05-17T17:51:06.000Z' } }],
    });
    expect(instances[3]).toMatchObject({ Platform: 'windows', Placement: { Tenancy: 'dedicated' } });
  });

  it('builds ARNs in each audited region', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      return { Reservations: [{ OwnerId: ACCOUNT, Instances: [{ InstanceId: `i-${region}`, State: { Name: 'running' } }] }] };
    });
    const snap = await collectWith(['ec2.instances'], { regions: ['us-east-1', 'eu-west-1'] });
    expect(ec2Slice(snap).instances.map((i) => i.Arn).sort()).toEqual([
      `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-eu-west-1`,
      `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-us-east-1`,
    ]);
  });
});

describe('ec2.securityGroups and ec2.managedPrefixLists', () => {
  function groupsFromFixtures(inputs: Item[] = []) {
    ec2.on(DescribeSecurityGroupsCommand).callsFake(async (input: { NextToken?: string }) => {
      inputs.push({ ...input });
      const first = fixture('describe-security-groups-page1');
      return input.NextToken === first.NextToken ? fixture('describe-security-groups-page2') : first;
    });
    return inputs;
  }

  it('pages through DescribeSecurityGroups', async () => {
    const inputs = groupsFromFixtures();
    const snap = await collectWith(['ec2.securityGroups']);
    const { securityGroups } = ec2Slice(snap);
    expect(securityGroups.map((g) => [g.GroupId, g.Arn])).toEqual([
      ['sg-903004f8', `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-903004f8`],
      ['sg-0b1c2d3e', `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0b1c2d3e`],
    ]);
    expect(inputs).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'AAEAAb3VnE9Ew2cHR0cHM6Ly9lYzIudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20v' }]);
    expect(securityGroups[0]!.IpPermissions).toEqual(fixture('describe-security-groups-page1').SecurityGroups[0].IpPermissions);
    expect((securityGroups[1]!.IpPermissions as Item[])[0]).toMatchObject({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0b1c2d3e' }] });
  });

  it('describes only the referenced prefix lists, and pages their entries within the API limit of 100', async () => {
    groupsFromFixtures();
    const listInputs: Item[] = [];
    ec2.on(DescribeManagedPrefixListsCommand).callsFake(async (input: Item) => {
      listInputs.push({ ...input });
      return {
        PrefixLists: [
          {
            PrefixListId: 'pl-0123456789abcdef0',
            AddressFamily: 'IPv4',
            State: 'create-complete',
            PrefixListArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/pl-0123456789abcdef0`,
            PrefixListName: 'office',
            MaxEntries: 150,
            Version: 3,
            OwnerId: ACCOUNT,
          },
        ],
      };
    });
    const entryInputs: Item[] = [];
    ec2.on(GetManagedPrefixListEntriesCommand).callsFake(async (input: { NextToken?: string }) => {
      entryInputs.push({ ...input });
      return input.NextToken
        ? { Entries: [{ Cidr: '198.51.100.0/24', Description: 'branch' }] }
        : { Entries: [{ Cidr: '203.0.113.0/24', Description: 'hq' }], NextToken: 'entries-2' };
    });
    const snap = await collectWith(['ec2.managedPrefixLists']);
    const { managedPrefixLists, errors } = ec2Slice(snap);
    expect(errors).toEqual([]);
    expect(managedPrefixLists).toEqual([
      expect.objectContaining({
        PrefixListId: 'pl-0123456789abcdef0',
        PrefixListName: 'office',
        Entries: [
          { Cidr: '203.0.113.0/24', Description: 'hq' },
          { Cidr: '198.51.100.0/24', Description: 'branch' },
        ],
        Region: 'us-east-1',
        Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/pl-0123456789abcdef0`,
      }),
    ]);
    expect(listInputs).toEqual([{ PrefixListIds: ['pl-0123456789abcdef0'], MaxResults: 100 }]);
    expect(entryInputs.map((i) => i.NextToken)).toEqual([undefined, 'entries-2']);
    // GetManagedPrefixListEntries accepts MaxResults 1..100 (EC2 API reference); more is InvalidParameterValue.
    for (const i of entryInputs) expect(i).toMatchObject({ PrefixListId: 'pl-0123456789abcdef0', MaxResults: expect.any(Number) });
    expect(Math.max(...entryInputs.map((i) => i.MaxResults as number))).toBeLessThanOrEqual(100);
  });

  it('makes no prefix-list call when no security group references one', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [fixture('describe-security-groups-page2').SecurityGroups[0]] });
    const snap = await collectWith(['ec2.managedPrefixLists']);
    expect(ec2Slice(snap).managedPrefixLists).toEqual([]);
    expect(ec2.commandCalls(DescribeManagedPrefixListsCommand)).toHaveLength(0);
  });
});

describe('ec2 network interfaces, NACLs, volumes, VPCs', () => {
  it('pages each list with a page size the API accepts and builds ARNs', async () => {
    const maxResults: Record<string, number[]> = {};
    const paged = <T>(name: string, key: string, items: T[]) =>
      async (input: { NextToken?: string; MaxResults?: number }) => {
        (maxResults[name] ??= []).push(input.MaxResults!);
        return input.NextToken ? { [key]: items.slice(1) } : { [key]: items.slice(0, 1), NextToken: `${name}-2` };
      };
    ec2.on(DescribeNetworkInterfacesCommand).callsFake(
      paged('DescribeNetworkInterfaces', 'NetworkInterfaces', [
        {
          NetworkInterfaceId: 'eni-0e3e0ff1e6f7c9d5b',
          InterfaceType: 'interface',
          Status: 'in-use',
          VpcId: 'vpc-1234567890abcdef0',
          Attachment: { InstanceId: 'i-1234567890abcdef0', InstanceOwnerId: ACCOUNT, Status: 'attached' },
          Groups: [{ GroupId: 'sg-903004f8', GroupName: 'web' }],
          Association: { PublicIp: '34.253.223.13', AllocationId: 'eipalloc-12345678', IpOwnerId: ACCOUNT },
        },
        { NetworkInterfaceId: 'eni-0a1b2c3d4e5f6a7b8', InterfaceType: 'nat_gateway', Status: 'in-use', RequesterManaged: true },
      ]),
    );
    ec2.on(DescribeNetworkAclsCommand).callsFake(
      paged('DescribeNetworkAcls', 'NetworkAcls', [
        {
          NetworkAclId: 'acl-5fb85d36',
          IsDefault: true,
          VpcId: 'vpc-1234567890abcdef0',
          Entries: [
            { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
            { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
          ],
          Associations: [{ NetworkAclAssociationId: 'aclassoc-66ea5f0b', NetworkAclId: 'acl-5fb85d36', SubnetId: 'subnet-04a636d18e83cfacb' }],
        },
        { NetworkAclId: 'acl-0ea1f54ca7EXAMPLE', IsDefault: false, VpcId: 'vpc-1234567890abcdef0', Entries: [], Associations: [] },
      ]),
    );
    ec2.on(DescribeVolumesCommand).callsFake(
      paged('DescribeVolumes', 'Volumes', [
        { VolumeId: 'vol-02e6ccdca7de29cf2', Size: 8, State: 'in-use', VolumeType: 'gp3', Attachments: [{ InstanceId: 'i-1234567890abcdef0', State: 'attached' }] },
        { VolumeId: 'vol-1234567890abcdef0', Size: 100, State: 'available', VolumeType: 'gp2', Attachments: [] },
      ]),
    );
    ec2.on(DescribeVpcsCommand).callsFake(
      paged('DescribeVpcs', 'Vpcs', [
        { VpcId: 'vpc-a01106c2', CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available', OwnerId: ACCOUNT },
        { VpcId: 'vpc-1234567890abcdef0', CidrBlock: '10.0.0.0/16', IsDefault: false, State: 'available', OwnerId: ACCOUNT },
      ]),
    );
    const snap = await collectWith(['ec2.networkInterfaces', 'ec2.networkAcls', 'ec2.volumes', 'ec2.vpcs']);
    const slice = ec2Slice(snap);
    expect(slice.errors).toEqual([]);
    const arn = (r: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${r}`;
    expect(slice.networkInterfaces.map((n) => n.Arn)).toEqual([arn('network-interface/eni-0e3e0ff1e6f7c9d5b'), arn('network-interface/eni-0a1b2c3d4e5f6a7b8')]);
    expect(slice.networkInterfaces[1]).toMatchObject({ InterfaceType: 'nat_gateway', RequesterManaged: true });
    expect(slice.networkAcls.map((n) => n.Arn)).toEqual([arn('network-acl/acl-5fb85d36'), arn('network-acl/acl-0ea1f54ca7EXAMPLE')]);
    expect(slice.networkAcls[0]!.Entries).toHaveLength(2);
    expect(slice.volumes.map((v) => [v.Arn, v.State])).toEqual([
      [arn('volume/vol-02e6ccdca7de29cf2'), 'in-use'],
      [arn('volume/vol-1234567890abcdef0'), 'available'],
    ]);
    expect(slice.vpcs.map((v) => [v.Arn, v.IsDefault])).toEqual([[arn('vpc/vpc-a01106c2'), true], [arn('vpc/vpc-1234567890abcdef0'), false]]);
    // Two requests each, within each API's MaxResults range (EC2 API reference).
    const limits: Record<string, [number, number]> = {
      DescribeNetworkInterfaces: [5, 1000],
      DescribeNetworkAcls: [5, 100],
      DescribeVolumes: [5, 500],
      DescribeVpcs: [5, 1000],
    };
    for (const [op, [min, max]] of Object.entries(limits)) {
      expect(maxResults[op], op).toHaveLength(2);
      for (const n of maxResults[op]!) {
        expect(n, op).toBeGreaterThanOrEqual(min);
        expect(n, op).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('ec2.addresses', () => {
  it('keeps associated and unassociated Elastic IPs with ARNs from the allocation id', async () => {
    ec2.on(DescribeAddressesCommand).resolves(fixture('describe-addresses'));
    const snap = await collectWith(['ec2.addresses']);
    expect(ec2Slice(snap).addresses).toEqual([
      expect.objectContaining({
        AllocationId: 'eipalloc-12345678',
        AssociationId: 'eipassoc-12345678',
        InstanceId: 'i-1234567890abcdef0',
        Region: 'us-east-1',
        Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-12345678`,
      }),
      {
        PublicIp: '52.44.1.9',
        AllocationId: 'eipalloc-87654321',
        Domain: 'vpc',
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: 'us-east-1',
        Region: 'us-east-1',
        Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-87654321`,
      },
    ]);
  });

  it('moto quirk: an unassociated Elastic IP with InstanceId "" comes out without InstanceId', async () => {
    // What moto 5 answers for an allocated, unassociated address.
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {
          PublicIp: '54.214.41.10',
          AllocationId: 'eipalloc-3c2b1a09',
          Domain: 'vpc',
          InstanceId: '',
          AssociationId: '',
          NetworkInterfaceId: '',
          NetworkInterfaceOwnerId: '',
          PrivateIpAddress: '',
          Tags: [],
        },
      ],
    });
    const snap = await collectWith(['ec2.addresses']);
    const [a] = ec2Slice(snap).addresses;
    expect(a).not.toHaveProperty('InstanceId');
    expect(a).not.toHaveProperty('AssociationId');
    expect(a).not.toHaveProperty('NetworkInterfaceId');
    expect(a).not.toHaveProperty('NetworkInterfaceOwnerId');
    expect(a).toMatchObject({ AllocationId: 'eipalloc-3c2b1a09', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-3c2b1a09` });
  });
});

describe('a region that denies access', () => {
  const evaluateEip = (snap: Snapshot) =>
    evaluateRule(snap, { rule: eipRule, options: eipRule.options.parse({}), severity: eipRule.severity, severityOverridden: false });

  function enisEverywhere() {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
  }

  it('DescribeAddresses UnauthorizedOperation in eu-west-1: us-east-1 items kept, an error entry, and ec2-eip-unassociated errors there', async () => {
    instancesFromFixtures();
    enisEverywhere();
    ec2.on(DescribeAddressesCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('UnauthorizedOperation', DENIED('DescribeAddresses'));
      return fixture('describe-addresses');
    });
    const snap = await collectWith([...eipRule.needs], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = ec2Slice(snap);
    expect(slice.addresses.map((a) => [a.AllocationId, a.Region])).toEqual([
      ['eipalloc-12345678', 'us-east-1'],
      ['eipalloc-87654321', 'us-east-1'],
    ]);
    expect(slice.errors).toEqual([
      {
        dataset: 'ec2.addresses',
        service: 'ec2',
        region: 'eu-west-1',
        operation: 'ec2:DescribeAddresses',
        code: 'UnauthorizedOperation',
        message: startsWith(DENIED('DescribeAddresses')),
      },
    ]);

    const result = evaluateEip(snap);
    const byRegion = (r: string) => result.findings.filter((f) => f.resource.region === r).map((f) => [f.status, f.resource.id]);
    expect(byRegion('eu-west-1')).toEqual([['error', ACCOUNT]]);
    expect(result.findings.find((f) => f.status === 'error')).toMatchObject({
      message: expect.stringContaining('ec2:DescribeAddresses failed in eu-west-1 (UnauthorizedOperation'),
      evidence: { dataset: 'ec2.addresses', operation: 'ec2:DescribeAddresses', code: 'UnauthorizedOperation' },
    });
    expect(byRegion('us-east-1')).toEqual([
      ['pass', 'eipalloc-12345678'],
      ['fail', 'eipalloc-87654321'],
    ]);
    expect(result.status).toBe('fail');
    expect(result.incomplete).toBe(true);
  });

  it('DescribeInstances denied in eu-west-1: an address there that would pass is not passed', async () => {
    enisEverywhere();
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('UnauthorizedOperation', DENIED('DescribeInstances'));
      return { Reservations: [] };
    });
    ec2.on(DescribeAddressesCommand).callsFake(async (_input, getClient) =>
      (await regionOf(getClient)) === 'eu-west-1'
        ? { Addresses: [{ PublicIp: '3.248.1.1', AllocationId: 'eipalloc-eu1', AssociationId: 'eipassoc-eu1', InstanceId: 'i-0eu1', Domain: 'vpc' }] }
        : { Addresses: [] },
    );
    const snap = await collectWith([...eipRule.needs], { regions: ['us-east-1', 'eu-west-1'] });
    expect(ec2Slice(snap).errors).toEqual([
      expect.objectContaining({ dataset: 'ec2.instances', region: 'eu-west-1', operation: 'ec2:DescribeInstances', code: 'UnauthorizedOperation' }),
    ]);
    const { findings } = evaluateEip(snap);
    expect(findings.map((f) => [f.status, f.resource.region])).toEqual([['error', 'eu-west-1']]);
  });
});
