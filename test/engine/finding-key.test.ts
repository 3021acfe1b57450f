import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingKey } from '../../src/engine/finding-key.js';

/** What a key has always been the hash of: baselines and SARIF alerts made by earlier versions must still match. */
const reference = (...parts: [string, string, string, string, string]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

describe('findingKey', () => {
  it('is the key earlier versions gave (recorded values)', () => {
    expect(findingKey('111122223333', 'ec2-no-ssh-ingress', 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc', 'openToWorld', 'tcp/22 from 0.0.0.0/0')).toBe('ce210c02b789f812a0c08b7d817d4cc0');
    expect(findingKey('1', 'r', 'a"b\\c\u0001', 'm', '\ud800')).toBe('7108f3528884f138f3637cb3b3f90c19');
  });

  it('is the hash of the JSON array of its parts, for any text: quotes, backslashes, controls, lone surrogates, astral', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }), fc.constantFrom('', '"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud83d\ude00', '\udc00x', 'x\ud800'));
    fc.assert(
      fc.property(text, text, text, text, text, (a, r, arn, m, s) => {
        expect(findingKey(a, r, arn, m, s)).toBe(reference(a, r, arn, m, s));
      }),
      { numRuns: 2000 },
    );
  });
});
