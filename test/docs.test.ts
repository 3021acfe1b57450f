import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complianceDoc, readmeWithTable, rulesDoc } from '../scripts/docs.js';

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('generated docs (npm run docs)', () => {
  it('docs/rules.md is up to date with rule metadata', () => expect(read('docs/rules.md')).toBe(rulesDoc()));
  it('docs/compliance.md is up to date with rule metadata and the control registry', () =>
    expect(read('docs/compliance.md')).toBe(complianceDoc()));
  it('the README rules table is up to date', () => expect(read('README.md')).toBe(readmeWithTable(read('README.md'))));
});
