import fc from 'fast-check';
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

describe('wildcard patterns come from the account: matched in linear time, never by a backtracking RegExp', () => {
  it('a wildcard that backtracks for seconds as a RegExp (*a*a*a*a*a*a*a*a*X on 40 characters) answers at once', () => {
    const long = { ...event, detail: { ...event.detail, SourceIdentifier: 'a'.repeat(40) } };
    const started = performance.now();
    expect(patternMatches({ detail: { SourceIdentifier: [{ wildcard: `${'*a'.repeat(8)}*X` }] } } as never, long)).toBe(false);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it.each([
    ['aws.*', 'aws.rds', true],
    ['*.rds', 'aws.rds', true],
    ['a?s.rds', 'aws.rds', false], // `?`, `[`, `{` are literal characters in EventBridge
    ['a?s.rds', 'a?s.rds', true],
    ['[aws].rds', '[aws].rds', true],
    ['{aws,x}.rds', 'aws.rds', false],
    ['aws\\*', 'aws\\.rds', true], // a backslash is a literal character, as before
    ['a\\', 'a\\', true],
    ['a\\', 'a', false],
  ])('wildcard %j on %j -> %s', (wildcard, value, expected) => {
    expect(patternMatches({ source: [{ wildcard }] } as never, { ...event, source: value })).toBe(expected);
  });

  it('agrees with the RegExp it replaces on random wildcards (the same semantics, only linear)', () => {
    const oldMatcher = (w: string) => new RegExp(`^${w.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const char = fc.constantFrom('a', 'b', '.', '\\', '?', '[', ']', '{', '}', ',', '-');
    fc.assert(
      fc.property(fc.array(fc.oneof(char, fc.constant('*')), { maxLength: 8 }), fc.array(char, { maxLength: 10 }), (w, v) => {
        const wildcard = w.join('');
        const value = v.join('');
        return patternMatches({ source: [{ wildcard }] } as never, { ...event, source: value }) === oldMatcher(wildcard).test(value);
      }),
      { numRuns: 3000 },
    );
  });
});
