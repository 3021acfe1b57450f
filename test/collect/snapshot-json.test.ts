import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJsonInPlace } from '../../src/collect/util.js';
import { collectWith } from './harness.js';

/** What collect() returned before: a copy through JSON with blobs as text. */
const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : x)));

/** A fresh sample of everything the SDK and the collectors can put in a snapshot (and what JSON drops). */
function sample() {
  return {
    when: new Date('2026-11-01T12:00:00.123Z'),
    invalid: new Date(Number.NaN),
    blob: new TextEncoder().encode('user,arn\nroot,arn:aws:iam::123456789012:root'),
    sub: new TextEncoder().encode('xxabcxx').subarray(2, 5),
    gone: undefined,
    fn: () => 1,
    sym: Symbol('s'),
    nums: [1, -0, Number.NaN, Number.POSITIVE_INFINITY, 2.5],
    holes: [undefined, () => 2, Symbol('t'), null, 'x'],
    nested: { a: [{ at: new Date(0), skip: undefined, keep: false }], custom: { toJSON: () => ({ as: 'json', d: new Date(1000) }) } },
    text: 'ünïcødé',
    none: null,
    items: [{ Region: 'us-east-1', Arn: 'arn:aws:ec2:us-east-1:123456789012:key-pair/k', CreateTime: new Date(5), Tags: undefined }],
  };
}

describe('toJsonInPlace', () => {
  it('gives what JSON.parse(JSON.stringify(...)) gave: same value, same key order, same text', () => {
    const expected = viaJson(sample());
    const input = sample();
    const out = toJsonInPlace(input);
    expect(out).toBe(input);
    expect(out).toStrictEqual(expected);
    expect(JSON.stringify(out)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(sample(), (_k, x) => (x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : x))).toBe(JSON.stringify(out));
    expect(out.blob).toBe('user,arn\nroot,arn:aws:iam::123456789012:root');
    expect(out.sub).toBe('abc');
    expect(Object.keys(out)).toEqual(Object.keys(expected));
    expect(out).not.toHaveProperty('gone');
  });

  it('converts a sub-object shared by two places once per place, harmlessly', () => {
    const shared = { at: new Date(0) };
    const out = toJsonInPlace({ a: shared, b: [shared] });
    expect(out).toStrictEqual({ a: { at: '1970-01-01T00:00:00.000Z' }, b: [{ at: '1970-01-01T00:00:00.000Z' }] });
  });
});

describe('collect() returns plain JSON values', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterEach(() => ec2.reset());

  it('Dates become ISO strings and absent fields disappear; the snapshot validates and survives a JSON round trip unchanged', async () => {
    ec2.on(DescribeKeyPairsCommand).resolves({
      KeyPairs: [{ KeyPairId: 'key-1', KeyName: 'prod', KeyType: 'ed25519', CreateTime: new Date('2025-01-01T00:00:00Z'), Tags: undefined }],
    });
    const snap = await collectWith(['ec2.keyPairs']);
    const [kp] = (snap.ec2 as { keyPairs: Record<string, unknown>[] }).keyPairs;
    expect(kp!.CreateTime).toBe('2025-01-01T00:00:00.000Z');
    expect(kp).not.toHaveProperty('Tags');
    expect(snap).toStrictEqual(JSON.parse(JSON.stringify(snap)));
  });
});
