import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/rule.js';

/** The one-regex replace formatMessage was, kept as the reference its compiled templates are held to. */
const reference = (template: string, data: Record<string, unknown> | undefined) =>
  !data ? template : template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(data, name) && data[name] !== undefined ? String(data[name]) : whole));

describe('formatMessage', () => {
  it('fills placeholders, keeps those without data (or with undefined) as written, reads only own keys', () => {
    expect(formatMessage('{{a}} and {{ b }} of {{c}}{{d}}', { a: 1, b: 'two', c: undefined })).toBe('1 and two of {{c}}{{d}}');
    expect(formatMessage('{{constructor}} {{__proto__}} {{toString}}', {})).toBe('{{constructor}} {{__proto__}} {{toString}}');
    expect(formatMessage('no placeholders', { a: 1 })).toBe('no placeholders');
    expect(formatMessage('{{a}}', undefined)).toBe('{{a}}');
    expect(formatMessage('{{a}} {{a}}', { a: null as never })).toBe('null null');
  });

  it('gives what the regex replace gives, for any template and data, the second time as the first', () => {
    const names = fc.constantFrom('a', 'b', '_x1', 'constructor', '__proto__', 'toString');
    const piece = fc.oneof(fc.string({ maxLength: 6 }), names.map((n) => `{{${n}}}`), names.map((n) => `{{ ${n} }}`), fc.constantFrom('{{', '}}', '{{1a}}', '{ {a} }'));
    const template = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(undefined), fc.constant(null), fc.boolean());
    const data = fc.dictionary(names, value, { maxKeys: 4 });
    fc.assert(
      fc.property(template, data, (t, d) => {
        expect(formatMessage(t, d as never)).toBe(reference(t, d));
        expect(formatMessage(t, d as never)).toBe(reference(t, d));
      }),
      { numRuns: 500 },
    );
  });
});
