import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const gd = mockClient(GuardDutyClient);
beforeEach(() => gd.reset());
afterEach(() => gd.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { detectors?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('guardduty collectors', () => {
  it('lists detectors across two pages and reads each one\'s status', async () => {
    gd.on(ListDetectorsCommand, { NextToken: undefined })
      .resolves({ DetectorIds: ['det1'], NextToken: 'n2' })
      .on(ListDetectorsCommand, { NextToken: 'n2' })
      .resolves({ DetectorIds: ['det2'] });
    gd.on(GetDetectorCommand, { DetectorId: 'det1' }).resolves({ Status: 'ENABLED', ServiceRole: 'r', CreatedAt: '2025-01-01T00:00:00Z', Tags: { team: 'sec' } });
    gd.on(GetDetectorCommand, { DetectorId: 'det2' }).resolves({ Status: 'DISABLED', ServiceRole: 'r' });
    const snap = await collectWith(['guardduty.detectors']);
    const slice = snap.guardduty as Slice;
    expect(slice.detectors).toEqual([
      { DetectorId: 'det1', Status: 'ENABLED', ServiceRole: 'r', CreatedAt: '2025-01-01T00:00:00Z', Tags: { team: 'sec' }, Region: 'us-east-1', Arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/det1` },
      { DetectorId: 'det2', Status: 'DISABLED', ServiceRole: 'r', Region: 'us-east-1', Arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/det2` },
    ]);
    expect(gd.commandCalls(ListDetectorsCommand)[0]!.args[0].input.MaxResults).toBe(50);
  });

  it('no detector is an empty list; AccessDenied in another region is an error there', async () => {
    gd.on(ListDetectorsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized');
      return { DetectorIds: [] };
    });
    const snap = await collectWith(['guardduty.detectors'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.guardduty as Slice;
    expect(slice.detectors).toEqual([]);
    expect(gd.commandCalls(GetDetectorCommand)).toHaveLength(0);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'guardduty.detectors', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'guardduty:ListDetectors' }),
    ]);
  });

  it('a detector deleted between ListDetectors and GetDetector is gone (GuardDuty off there), not an error', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det1'] });
    gd.on(GetDetectorCommand).rejects(
      awsError('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.'),
    );
    const snap = await collectWith(['guardduty.detectors']);
    const slice = snap.guardduty as Slice;
    expect(slice.detectors).toEqual([]);
    expect(slice.errors).toEqual([]);
  });

  it('GetDetector denied: an error for the region (its one detector decides the region\'s verdict), never an empty list', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det1'] });
    gd.on(GetDetectorCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized to perform: guardduty:GetDetector');
      return { Status: 'ENABLED', ServiceRole: 'r' };
    });
    const snap = await collectWith(['guardduty.detectors'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.guardduty as Slice;
    expect(slice.detectors!.map((d) => d.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'guardduty.detectors', region: 'eu-west-1', code: 'AccessDeniedException' })]);
    expect(slice.errors[0]).not.toHaveProperty('resource');
  });
});
