import { CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());
afterEach(() => cw.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;

describe('cloudwatch.alarmTags', () => {
  it('one ListTagsForResource per alarm (metric and composite), by AlarmArn; a denied one is an error naming it', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'bastion-cpu', AlarmArn: arn('bastion-cpu') }, { AlarmName: 'denied', AlarmArn: arn('denied') }],
      CompositeAlarms: [{ AlarmName: 'web', AlarmArn: arn('web') }],
    });
    cw.on(ListTagsForResourceCommand, { ResourceARN: arn('bastion-cpu') }).resolves({ Tags: [{ Key: 'Role', Value: 'bastion' }] })
      .on(ListTagsForResourceCommand, { ResourceARN: arn('web') }).resolves({})
      .on(ListTagsForResourceCommand, { ResourceARN: arn('denied') }).rejects(awsError('AccessDenied', 'no'));
    const snap = await collectWith(['cloudwatch.alarmTags']);
    const { alarmTags, errors } = snap.cloudwatch as Slice;
    expect(alarmTags).toEqual([
      { AlarmName: 'bastion-cpu', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: arn('bastion-cpu') },
      { AlarmName: 'web', Tags: [], Region: 'us-east-1', Arn: arn('web') },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'cloudwatch.alarmTags', operation: 'cloudwatch:ListTagsForResource', code: 'AccessDenied', resource: arn('denied') }),
    ]);
  });

  it('billingAlarmTags: only the billing alarms of us-east-1, whatever regions are audited', async () => {
    const billing = { AlarmName: 'bill', AlarmArn: arn('bill'), Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' };
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [billing, { AlarmName: 'cpu', AlarmArn: arn('cpu'), Namespace: 'AWS/EC2', MetricName: 'CPUUtilization' }] });
    cw.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'Role', Value: 'bastion' }] });
    const snap = await collectWith(['cloudwatch.billingAlarmTags'], { regions: ['eu-west-1'] });
    const { billingAlarmTags, errors } = snap.cloudwatch as Slice;
    expect(errors).toEqual([]);
    expect(billingAlarmTags).toEqual([{ AlarmName: 'bill', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: arn('bill') }]);
    expect(cw.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input)).toEqual([{ ResourceARN: arn('bill') }]);
  });
});
