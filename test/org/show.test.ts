import { describe, expect, it } from 'vitest';
import { showValue } from '../../src/org/show.js';

describe('showValue', () => {
  it('quotes a plain value as it is', () => {
    expect(showValue('111111111111')).toBe('"111111111111"');
  });

  it('escapes control, bidi, zero-width characters, the BOM and lone surrogates', () => {
    expect(showValue('a\x1b[31m\n\u202e\u2067\u200b\ufeff\ud800b')).toBe('"a\\u001b[31m\\u000a\\u202e\\u2067\\u200b\\ufeff\\ud800b"');
  });

  it('cuts by characters, never inside a surrogate pair, and marks the cut', () => {
    expect(showValue('😀'.repeat(50), 3)).toBe('"😀😀😀…"');
    expect(showValue('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
    expect(showValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });
});
