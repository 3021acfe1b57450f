import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const cfg = mockClient(ConfigServiceClient);
beforeEach(() => cfg.reset());
afterEach(() => cfg.reset());

const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
type Slice = { recorders?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

describe('config collectors', () => {
  it('joins each recorder with its status; a region without a recorder is an empty list', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (_i, getClient) =>
      (await regionOf(getClient as never)) === 'us-east-1'
        ? {
            ConfigurationRecorders: [
              { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
              {
                name: 'AWSConfigurationRecorderForSecurityHub',
                arn: `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForSecurityHub/abc`,
                servicePrincipal: 'securityhub.amazonaws.com',
                recordingScope: 'INTERNAL',
              },
            ],
          }
        : { ConfigurationRecorders: [] },
    );
    cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (_i, getClient) =>
      (await regionOf(getClient as never)) === 'us-east-1'
        ? {
            ConfigurationRecordersStatus: [
              { name: 'default', recording: true, lastStatus: 'Success', lastStartTime: new Date('2025-01-01T00:00:00Z') },
              {
                name: 'AWSConfigurationRecorderForSecurityHub',
                arn: `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForSecurityHub/abc`,
                recording: true,
                lastStatus: 'Success',
              },
            ],
          }
        : { ConfigurationRecordersStatus: [] },
    );
    const snap = await collectWith(['config.recorders'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.config as Slice;
    expect(slice.recorders).toHaveLength(2);
    expect(slice.recorders![0]).toMatchObject({
      name: 'default',
      Region: 'us-east-1',
      Arn: `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/default`,
      recordingGroup: { allSupported: true },
      Status: { recording: true, lastStatus: 'Success', lastStartTime: '2025-01-01T00:00:00.000Z' },
    });
    expect(slice.recorders![1]).toMatchObject({ servicePrincipal: 'securityhub.amazonaws.com', Status: { recording: true } });
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied in one region is an error for that region, not "no recorder"', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized');
      return { ConfigurationRecorders: [] };
    });
    cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    const snap = await collectWith(['config.recorders'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.config as Slice;
    expect(slice.recorders).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'config.recorders', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'config:DescribeConfigurationRecorders' }),
    ]);
  });
});
