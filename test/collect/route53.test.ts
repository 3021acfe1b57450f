import { ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const r53 = mockClient(Route53Client);

beforeEach(() => r53.reset());
afterEach(() => r53.reset());

const zones = {
  HostedZones: [
    { Id: '/hostedzone/ZPUB', Name: 'example.com.', CallerReference: 'a', Config: { PrivateZone: false } },
    { Id: '/hostedzone/ZPRIV', Name: 'corp.internal.', CallerReference: 'b', Config: { PrivateZone: true } },
  ],
  IsTruncated: false,
  Marker: '',
  MaxItems: 100,
};

describe('route53 collectors', () => {
  it('lists hosted zones (global, ARN without region or account)', async () => {
    r53.on(ListHostedZonesCommand).resolves(zones);
    const snap = await collectWith(['route53.hostedZones'], { regions: ['us-east-1', 'eu-west-1'] });
    const items = (snap.route53 as { hostedZones: Record<string, unknown>[] }).hostedZones;
    expect(items.map((z) => [z.Name, z.Region, z.Arn])).toEqual([
      ['example.com.', 'global', 'arn:aws:route53:::hostedzone/ZPUB'],
      ['corp.internal.', 'global', 'arn:aws:route53:::hostedzone/ZPRIV'],
    ]);
    expect(r53.commandCalls(ListHostedZonesCommand)).toHaveLength(1);
  });

  it('pages ListResourceRecordSets by hand across two pages, keeping a latency Region apart', async () => {
    r53.on(ListHostedZonesCommand).resolves(zones);
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPUB', StartRecordName: undefined })
      .resolves({
        ResourceRecordSets: [
          { Name: 'example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'web-1.us-east-1.elb.amazonaws.com.', EvaluateTargetHealth: true } },
          { Name: 'api.example.com.', Type: 'CNAME', TTL: 300, SetIdentifier: 'use1', Region: 'us-east-1', ResourceRecords: [{ Value: 'api.us-east-1.elb.amazonaws.com' }] },
        ],
        IsTruncated: true,
        NextRecordName: 'api.example.com.',
        NextRecordType: 'CNAME',
        NextRecordIdentifier: 'euw1',
        MaxItems: 2,
      })
      .on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPUB', StartRecordName: 'api.example.com.' })
      .resolves({
        ResourceRecordSets: [{ Name: 'api.example.com.', Type: 'CNAME', TTL: 300, SetIdentifier: 'euw1', Region: 'eu-west-1', ResourceRecords: [{ Value: 'api.eu-west-1.elb.amazonaws.com' }] }],
        IsTruncated: false,
        MaxItems: 2,
      })
      .on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPRIV' })
      .resolves({ ResourceRecordSets: [{ Name: 'db.corp.internal.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'db.abc.us-east-1.rds.amazonaws.com' }] }], IsTruncated: false, MaxItems: 300 });

    const snap = await collectWith(['route53.recordSets']);
    const records = (snap.route53 as { recordSets: Record<string, unknown>[] }).recordSets;
    expect(records).toHaveLength(4);
    expect(records[1]).toMatchObject({
      Name: 'api.example.com.',
      SetIdentifier: 'use1',
      LatencyRegion: 'us-east-1',
      Region: 'global',
      HostedZoneId: 'ZPUB',
      ZoneName: 'example.com.',
      PrivateZone: false,
      Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/api.example.com./CNAME/use1',
    });
    expect(records[3]).toMatchObject({ HostedZoneId: 'ZPRIV', PrivateZone: true });
    const pub = r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input).filter((i) => i.HostedZoneId === 'ZPUB');
    expect(pub).toEqual([
      { HostedZoneId: 'ZPUB', MaxItems: 300 },
      { HostedZoneId: 'ZPUB', MaxItems: 300, StartRecordName: 'api.example.com.', StartRecordType: 'CNAME', StartRecordIdentifier: 'euw1' },
    ]);
  });

  it('AccessDenied on ListResourceRecordSets is an error of the dataset, never an empty pass', async () => {
    r53.on(ListHostedZonesCommand).resolves(zones);
    r53.on(ListResourceRecordSetsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: route53:ListResourceRecordSets'));
    const snap = await collectWith(['route53.recordSets']);
    const slice = snap.route53 as { recordSets?: unknown; hostedZones: unknown[]; errors: Record<string, unknown>[] };
    expect(slice.recordSets).toBeUndefined();
    expect(slice.hostedZones).toHaveLength(2);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'route53.recordSets', region: 'global', code: 'AccessDenied', operation: 'route53:ListResourceRecordSets' }),
    ]);
  });

  it('a zone that fails otherwise spoils only that zone; a zone deleted meanwhile is skipped', async () => {
    r53.on(ListHostedZonesCommand).resolves({
      ...zones,
      HostedZones: [...zones.HostedZones, { Id: '/hostedzone/ZGONE', Name: 'gone.example.', CallerReference: 'c' }],
    });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPUB' })
      .rejects(Object.assign(awsError('Throttling', 'Rate exceeded'), { $metadata: { httpStatusCode: 400 } }))
      .on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZGONE' })
      .rejects(awsError('NoSuchHostedZone'))
      .on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPRIV' })
      .resolves({ ResourceRecordSets: [{ Name: 'corp.internal.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'x' }] }], IsTruncated: false, MaxItems: 300 });
    const snap = await collectWith(['route53.recordSets']);
    const slice = snap.route53 as { recordSets: Record<string, unknown>[]; errors: Record<string, unknown>[] };
    expect(slice.recordSets.map((r) => r.HostedZoneId)).toEqual(['ZPRIV']);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'route53.recordSets', code: 'Throttling', resource: 'arn:aws:route53:::hostedzone/ZPUB' }),
    ]);
  });
});
