import { describe, expect, it } from 'vitest';
import { isEnabledRule, parsePattern, patternMatches } from '../../src/aws-model/eventbridge.js';

const event = {
  source: 'aws.rds',
  'detail-type': 'RDS DB Cluster Event',
  account: '123456789012',
  region: 'us-east-1',
  resources: ['arn:aws:rds:us-east-1:123456789012:cluster:aur'],
  detail: { EventCategories: ['failover'], SourceType: 'CLUSTER', SourceIdentifier: 'aur', SourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:aur' },
};

describe('patternMatches', () => {
  it.each([
    [{ source: ['aws.rds'] }, true],
    [{ source: ['aws.ec2'] }, false],
    [{ source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event'] }, false],
    [{ source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event'] }, true],
    [{ source: [{ prefix: 'aws.' }] }, true],
    [{ source: [{ prefix: { 'equals-ignore-case': 'AWS.R' } }] }, true],
    [{ source: [{ suffix: '.rds' }] }, true],
    [{ source: [{ 'equals-ignore-case': 'AWS.RDS' }] }, true],
    [{ source: [{ wildcard: 'aws.*' }] }, true],
    [{ source: [{ 'anything-but': 'aws.ec2' }] }, true],
    [{ source: [{ 'anything-but': ['aws.rds', 'aws.ec2'] }] }, false],
    [{ source: [{ 'anything-but': { prefix: 'aws.' } }] }, false],
    [{ detail: { EventCategories: ['failover'] } }, true],
    [{ detail: { EventCategories: ['failure', 'failover'] } }, true],
    [{ detail: { EventCategories: ['failure'] } }, false],
    [{ detail: { SourceIdentifier: ['other'] } }, false],
    [{ detail: { EventID: ['RDS-EVENT-0071'] } }, false],
    [{ detail: { EventID: [{ exists: false }] } }, true],
    [{ detail: { SourceIdentifier: [{ exists: true }] } }, true],
    [{ resources: ['arn:aws:rds:us-east-1:123456789012:cluster:aur'] }, true],
    [{ region: ['eu-west-1'] }, false],
    [{ detail: { Count: [{ numeric: ['>', 0] }] } }, false],
    [{ $or: [{ source: ['aws.ec2'] }, { detail: { EventCategories: ['failover'] } }] }, true],
    [{ $or: [{ source: ['aws.ec2'] }, { detail: { EventCategories: ['failure'] } }] }, false],
    [{ source: 'aws.rds' }, false],
  ])('%j -> %s', (pattern, expected) => expect(patternMatches(pattern as never, event)).toBe(expected));

  it('parses patterns and states', () => {
    expect(parsePattern('{"source":["aws.rds"]}')).toEqual({ source: ['aws.rds'] });
    expect(parsePattern('not json')).toBeUndefined();
    expect(parsePattern(undefined)).toBeUndefined();
    expect(isEnabledRule('ENABLED')).toBe(true);
    expect(isEnabledRule('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS')).toBe(true);
    expect(isEnabledRule('DISABLED')).toBe(false);
  });
});
