import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const aa = mockClient(AccessAnalyzerClient);
beforeEach(() => aa.reset());
afterEach(() => aa.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { analyzers?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('accessanalyzer collectors', () => {
  it('lists analyzers of every type across two pages', async () => {
    const arn = (n: string) => `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/${n}`;
    aa.on(ListAnalyzersCommand, { nextToken: undefined })
      .resolves({ analyzers: [{ arn: arn('external'), name: 'external', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date('2025-01-01T00:00:00Z') }], nextToken: 'n2' })
      .on(ListAnalyzersCommand, { nextToken: 'n2' })
      .resolves({ analyzers: [{ arn: arn('unused'), name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'CREATING', createdAt: new Date('2025-02-01T00:00:00Z') }] });
    const snap = await collectWith(['accessanalyzer.analyzers']);
    const slice = snap.accessanalyzer as Slice;
    expect(slice.analyzers).toEqual([
      { arn: arn('external'), name: 'external', type: 'ACCOUNT', status: 'ACTIVE', createdAt: '2025-01-01T00:00:00.000Z', Region: 'us-east-1', Arn: arn('external') },
      { arn: arn('unused'), name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'CREATING', createdAt: '2025-02-01T00:00:00.000Z', Region: 'us-east-1', Arn: arn('unused') },
    ]);
    const input = aa.commandCalls(ListAnalyzersCommand)[0]!.args[0].input;
    expect(input.maxResults).toBe(100);
    expect(input.type).toBeUndefined();
  });

  it('none is an empty list; AccessDenied in another region is an error there', async () => {
    aa.on(ListAnalyzersCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized');
      return { analyzers: [] };
    });
    const snap = await collectWith(['accessanalyzer.analyzers'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.accessanalyzer as Slice;
    expect(slice.analyzers).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'accessanalyzer.analyzers', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'access-analyzer:ListAnalyzers' }),
    ]);
  });
});
