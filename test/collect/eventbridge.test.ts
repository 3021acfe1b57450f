import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayMatchRdsEvents } from '../../src/collect/services/eventbridge.js';
import { awsError, collectWith } from './harness.js';

const eb = mockClient(EventBridgeClient);

beforeEach(() => eb.reset());
afterEach(() => eb.reset());

const RDS_PATTERN = JSON.stringify({ source: ['aws.rds'], 'detail-type': ['RDS DB Cluster Event'], detail: { EventCategories: ['failover'] } });

describe('eventbridge collectors', () => {
  it('pages ListRules by NextToken (no SDK paginator) and lists targets of enabled pattern rules only', async () => {
    eb.on(ListRulesCommand, { NextToken: undefined })
      .resolves({
        Rules: [
          { Name: 'rds-failover', Arn: 'arn:aws:events:us-east-1:123456789012:rule/rds-failover', State: 'ENABLED', EventPattern: RDS_PATTERN },
          { Name: 'nightly', Arn: 'arn:aws:events:us-east-1:123456789012:rule/nightly', State: 'ENABLED', ScheduleExpression: 'rate(1 day)' },
        ],
        NextToken: 't2',
      })
      .on(ListRulesCommand, { NextToken: 't2' })
      .resolves({ Rules: [{ Name: 'old', State: 'DISABLED', EventPattern: RDS_PATTERN }] });
    eb.on(ListTargetsByRuleCommand, { Rule: 'rds-failover', NextToken: undefined })
      .resolves({ Targets: [{ Id: 't1', Arn: 'arn:aws:sns:us-east-1:123456789012:ops', Input: '{"secret":"x"}' }], NextToken: 'n' })
      .on(ListTargetsByRuleCommand, { Rule: 'rds-failover', NextToken: 'n' })
      .resolves({ Targets: [{ Id: 't2', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:page' }] });

    const snap = await collectWith(['eventbridge.rules']);
    const rules = (snap.eventbridge as { rules: Record<string, unknown>[] }).rules;
    expect(rules.map((r) => r.Name)).toEqual(['rds-failover', 'nightly', 'old']);
    expect(rules[0]!.Targets).toEqual([
      { Id: 't1', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' },
      { Id: 't2', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:page' },
    ]);
    expect(rules[1]!.Targets).toBeNull();
    expect(rules[2]).toMatchObject({ Targets: null, Arn: 'arn:aws:events:us-east-1:123456789012:rule/old', EventBusName: 'default' });
    expect(eb.commandCalls(ListRulesCommand).map((c) => c.args[0].input)).toEqual([
      { EventBusName: 'default', Limit: 100, NextToken: undefined },
      { EventBusName: 'default', Limit: 100, NextToken: 't2' },
    ]);
    expect(eb.commandCalls(ListTargetsByRuleCommand)).toHaveLength(2);
  });

  it('AccessDenied on ListRules is a collection error for the region', async () => {
    eb.on(ListRulesCommand).rejects(awsError('AccessDeniedException'));
    const snap = await collectWith(['eventbridge.rules']);
    const slice = snap.eventbridge as { errors: Record<string, unknown>[] };
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'eventbridge.rules', region: 'us-east-1', code: 'AccessDeniedException', operation: 'events:ListRules' }),
    ]);
  });

  it('a rule deleted between ListRules and ListTargetsByRule (ResourceNotFoundException) is gone: dropped, no error', async () => {
    eb.on(ListRulesCommand).resolves({
      Rules: [
        { Name: 'deleted', State: 'ENABLED', EventPattern: RDS_PATTERN },
        { Name: 'kept', State: 'ENABLED', EventPattern: RDS_PATTERN },
      ],
    });
    eb.on(ListTargetsByRuleCommand, { Rule: 'deleted' })
      .rejects(awsError('ResourceNotFoundException', 'Rule deleted does not exist on EventBus default.'))
      .on(ListTargetsByRuleCommand, { Rule: 'kept' })
      .resolves({ Targets: [{ Id: 't', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' }] });
    const snap = await collectWith(['eventbridge.rules']);
    const slice = snap.eventbridge as { rules: Record<string, unknown>[]; errors: unknown[] };
    expect(slice.rules.map((r) => r.Name)).toEqual(['kept']);
    expect(slice.errors).toEqual([]);
  });

  it('ListTargetsByRule failing otherwise is an error for the region (the rule may be what covers its databases)', async () => {
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'rds', State: 'ENABLED', EventPattern: RDS_PATTERN }] });
    eb.on(ListTargetsByRuleCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const snap = await collectWith(['eventbridge.rules']);
    const slice = snap.eventbridge as { rules: unknown[]; errors: Record<string, unknown>[] };
    expect(slice.rules).toEqual([]);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'eventbridge.rules', region: 'us-east-1', code: 'ThrottlingException' })]);
    expect(slice.errors[0]).not.toHaveProperty('resource');
  });

  it('lists targets only for enabled rules whose pattern could match an RDS event', async () => {
    const rule = (Name: string, pattern: unknown) => ({ Name, State: 'ENABLED' as const, EventPattern: JSON.stringify(pattern) });
    eb.on(ListRulesCommand).resolves({
      Rules: [
        rule('rds', { source: ['aws.rds'] }),
        rule('ec2', { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }),
        rule('any-source', { 'detail-type': ['RDS DB Instance Event'] }),
        rule('aws-prefix', { source: [{ prefix: 'aws.' }] }),
        rule('or-rds', { $or: [{ source: ['aws.ec2'] }, { source: ['aws.rds'] }] }),
        rule('not-rds', { source: [{ 'anything-but': ['aws.rds'] }] }),
        { Name: 'garbled', State: 'ENABLED' as const, EventPattern: '{not json' },
      ],
    });
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 't', Arn: 'arn:aws:sns:us-east-1:123456789012:ops' }] });
    const snap = await collectWith(['eventbridge.rules']);
    const rules = (snap.eventbridge as { rules: Record<string, unknown>[] }).rules;
    const listed = eb.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.Rule).sort();
    expect(listed).toEqual(['any-source', 'aws-prefix', 'or-rds', 'rds']);
    expect(Object.fromEntries(rules.map((r) => [r.Name, r.Targets === null]))).toEqual({
      rds: false, ec2: true, 'any-source': false, 'aws-prefix': false, 'or-rds': false, 'not-rds': true, garbled: true,
    });
  });
});

describe('mayMatchRdsEvents', () => {
  const may = (p: unknown) => mayMatchRdsEvents(JSON.stringify(p));
  it('admits aws.rds sources, source-less patterns and $or alternatives without a source', () => {
    expect(may({ source: ['aws.rds'], detail: { EventCategories: ['failover'] } })).toBe(true);
    expect(may({ 'detail-type': ['RDS DB Cluster Event'] })).toBe(true);
    expect(may({ source: [{ 'equals-ignore-case': 'AWS.RDS' }] })).toBe(true);
    expect(may({ source: ['aws.ec2'], $or: [{ 'detail-type': ['x'] }, { detail: { a: ['b'] } }] })).toBe(false);
    expect(may({ $or: [{ source: ['aws.ec2'] }, { 'detail-type': ['x'] }] })).toBe(true);
  });
  it('refuses other sources, anything-but aws.rds, and unparseable or absent patterns', () => {
    expect(may({ source: ['aws.ec2', 'aws.s3'] })).toBe(false);
    expect(may({ source: [{ 'anything-but': 'aws.rds' }] })).toBe(false);
    expect(may({ $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] })).toBe(false);
    expect(mayMatchRdsEvents('{oops')).toBe(false);
    expect(mayMatchRdsEvents(undefined)).toBe(false);
  });
});
