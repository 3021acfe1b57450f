import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/cloudwatch/ec2-detailed-monitoring.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { collectWith } from './harness.js';

/**
 * Live collection checks each answer against its dataset's schema: an item that does not fit becomes a
 * collection error on that resource (an `error` finding for the rules that read it), not the whole audit
 * refused and never a verdict computed from the bad value.
 */
describe('an answer that does not fit its dataset schema (live)', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterEach(() => ec2.restore());

  it('takes the item out, records an error naming the resource and the field, and the rule says error for it', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { InstanceId: 'i-good', State: { Name: 'running' }, Monitoring: { State: 'disabled' }, LaunchTime: new Date('2026-10-01T00:00:00Z') },
            // What a broken or future answer may hold: a date that does not parse, text where an object belongs.
            { InstanceId: 'i-bad', State: { Name: 'running' }, Monitoring: { State: 'disabled' }, LaunchTime: 'not-a-date' as unknown as Date },
          ],
        },
      ],
    });
    const snapshot = await collectWith(['ec2.instances']);
    const instances = (snapshot.ec2 as { instances: { InstanceId: string; Arn: string }[] }).instances;
    expect(instances.map((i) => i.InstanceId)).toEqual(['i-good']);
    const errors = (snapshot.ec2 as { errors: { resource?: string; code: string; message: string; region: string }[] }).errors;
    expect(errors).toEqual([
      expect.objectContaining({
        dataset: 'ec2.instances',
        region: 'us-east-1',
        code: 'InvalidResponse',
        resource: expect.stringMatching(/:instance\/i-bad$/),
        message: expect.stringContaining('ec2.instances[1].LaunchTime'),
      }),
    ]);
    // What is written is a valid snapshot file.
    expect(() => parseSnapshot(JSON.stringify(snapshot))).not.toThrow();

    const result = evaluateRule(snapshot, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    const byResource = new Map(result.findings.map((f) => [f.resource.arn.split('/').pop(), f.status]));
    expect(byResource.get('i-bad')).toBe('error');
    expect(byResource.get('i-good')).toBe('fail');
    for (const f of result.findings) expect(f.message).not.toMatch(/NaN|undefined|Invalid Date|\[object Object\]/);
  });

  it('an Invalid Date or a non-finite number (JSON would write null, read as "never") makes the item an error too', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { InstanceId: 'i-good', State: { Name: 'running' }, Monitoring: { State: 'enabled' }, LaunchTime: new Date('2026-10-01T00:00:00Z') },
            { InstanceId: 'i-nan-date', State: { Name: 'running' }, Monitoring: { State: 'enabled' }, LaunchTime: new Date(Number.NaN) },
            { InstanceId: 'i-inf', State: { Name: 'running' }, Monitoring: { State: 'enabled' }, CpuOptions: { CoreCount: Number.POSITIVE_INFINITY } },
          ],
        },
      ],
    });
    const snapshot = await collectWith(['ec2.instances']);
    expect((snapshot.ec2 as { instances: { InstanceId: string }[] }).instances.map((i) => i.InstanceId)).toEqual(['i-good']);
    const errors = (snapshot.ec2 as { errors: { resource?: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.resource?.split('/').pop(), e.message.split(': ').slice(1).join(': ')])).toEqual([
      ['i-nan-date', 'ec2.instances[1].LaunchTime: an invalid date'],
      ['i-inf', 'ec2.instances[2].CpuOptions.CoreCount: Infinity is not a number JSON can hold'],
    ]);
  });
});
