import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControl, wrap } from '../../src/report/text.js';

/** The greedy wrap as first written (quadratic on a long word): the specification the linear one must meet. */
function referenceWrap(text: string, width: number, indent: string, breakWords = true): string[] {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const lead = /^ */.exec(text)![0];
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  let prefix = lead;
  for (const w of words) {
    const candidate = line === prefix ? line + w : `${line} ${w}`;
    if (visible(candidate) > width && line !== prefix) {
      lines.push(line);
      prefix = indent;
      line = indent + w;
    } else line = candidate;
    while (breakWords && visible(line) > width && width > prefix.length + 10 && !/\u001b\[/.test(line)) {
      lines.push(line.slice(0, width));
      prefix = indent;
      line = indent + line.slice(width);
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}

describe('wrap', () => {
  it('wraps exactly as the greedy reference does (words, long words, indents, colour codes, runs of spaces)', () => {
    const word = fc.oneof(
      fc.constantFrom('', 'a', 'ab', 'word', 'sg-0123456789abcdef0', '\u001b[31mred\u001b[39m', 'x'.repeat(95), 'y'.repeat(250)),
      fc.string({ unit: fc.constantFrom('a', 'b', '-', '\u001b[1m', '\u001b[22m'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.nat(6),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('', '  ', '         ', ' '.repeat(30)),
        fc.boolean(),
        (words, lead, width, indent, breakWords) => {
          const text = ' '.repeat(lead) + words.join(' ');
          expect(wrap(text, width, indent, breakWords)).toEqual(referenceWrap(text, width, indent, breakWords));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('escapeControl', () => {
  it('shows control characters escaped', () => {
    expect(escapeControl('a\nb\tc\rd\u001b[31m\u0007\u009b\u007f')).toBe('a\\nb\\tc\\rd\\u001b[31m\\u0007\\u009b\\u007f');
  });

  it('shows bidi controls, zero-width characters and line separators escaped (Trojan Source)', () => {
    const invisible = ['\u202e', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\ufeff', '\u2028', '\u2029'];
    for (const c of invisible) expect(escapeControl(`a${c}b`)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    expect(escapeControl('admin\u202egnp.exe')).toBe('admin\\u202egnp.exe');
  });

  it('shows characters XML 1.0 cannot carry escaped: U+FFFE, U+FFFF and lone surrogates; keeps pairs and other text', () => {
    expect(escapeControl('a\ufffeb\uffffc')).toBe('a\\ufffeb\\uffffc');
    expect(escapeControl('x\ud800y')).toBe('x\\ud800y');
    expect(escapeControl('x\udc00')).toBe('x\\udc00');
    expect(escapeControl('\udc00\ud800')).toBe('\\udc00\\ud800');
    expect(escapeControl('emoji 😀 é 中 \ufffd \u00a0')).toBe('emoji 😀 é 中 \ufffd \u00a0');
  });
});
