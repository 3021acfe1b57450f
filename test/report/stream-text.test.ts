/**
 * The text renderers (csv, junit, markdown, terminal) stream: a large report comes out in bounded pieces,
 * never as one string (at 700,000 resources `--format junit` ran out of heap, at 1,000,000 csv did too),
 * and the pieces joined are the text these formats gave when they built one string.
 *
 * The oracle: the snapshot file holds the SHA-256 and length of each format's text for the reports below,
 * recorded from the renderers as they were before they streamed (one string each). A change of a rule's
 * message changes them, as it changes terminal-layout's snapshots: review, then `vitest -u`.
 */
import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { FORMATS, type RenderOptions } from '../../src/report/formats.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { bigReport, MAX_PIECE, pieces } from './big-report.js';
import { SMALL_REPORTS } from './small-reports.js';

const digest = (text: string) => ({ sha256: createHash('sha256').update(text).digest('hex'), length: text.length });

async function render(format: string, report: Report, opts: Partial<RenderOptions> = {}): Promise<string[]> {
  const renderer = await FORMATS[format]!();
  return pieces(renderer(report, { color: false, width: 80, ...opts }));
}

const SMALL = SMALL_REPORTS;

const TERMINAL_OPTS: [string, Partial<RenderOptions>][] = [
  ['plain 80', {}],
  ['colour 120', { color: true, width: 120 }],
  ['verbose', { verbose: true }],
  ['quiet', { quiet: true }],
];

/** Every piece bounded, more than one of them: never the whole report as one string. */
function expectStreamed(out: string[]): string {
  expect(out.length).toBeGreaterThan(1);
  for (const p of out) expect(p.length).toBeLessThanOrEqual(MAX_PIECE);
  return out.join('');
}

describe('text renderers: the same text as before, for small reports of every shape', () => {
  for (const format of ['csv', 'junit', 'markdown']) {
    it(format, async () => {
      for (const [name, make] of SMALL) expect(digest((await render(format, make())).join('')), name).toMatchSnapshot(name);
    });
  }
  it('terminal', async () => {
    for (const [name, make] of SMALL) {
      for (const [optName, opts] of TERMINAL_OPTS) expect(digest((await render('terminal', make(), opts)).join('')), `${name}, ${optName}`).toMatchSnapshot(`${name}, ${optName}`);
    }
  });
});

describe('text renderers stream a large report in bounded pieces, joined the same text as before', () => {
  const big = bigReport(20_000);

  it('csv: a batch of rows a piece; a header and one record per finding, parsed back by csv-parse', async () => {
    const out = await render('csv', big);
    const text = out.join('');
    expect(digest(text)).toMatchSnapshot();
    expectStreamed(out);
    const rows = parseCsv(text) as string[][];
    expect(rows).toHaveLength(big.findings.length + 1);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const arn = CSV_COLUMNS.indexOf('resource_arn');
    expect(rows.slice(1).map((r) => r[arn])).toEqual(big.findings.map((f) => f.resource.arn));
    // Every piece ends a record: no record is cut between two pieces.
    for (const p of out) expect(p.endsWith('\r\n')).toBe(true);
  });

  it('junit: suite by suite, test case by test case; well-formed, one testcase per rule × resource, counts that add up', async () => {
    const out = await render('junit', big);
    const text = out.join('');
    expect(digest(text)).toMatchSnapshot();
    expectStreamed(out);
    const cases = text.match(/<testcase /g)?.length ?? 0;
    const resources = new Set(big.findings.map((f) => `${f.ruleId} ${f.account} ${f.resource.arn}`)).size;
    const inScope = new Set(big.findings.map((f) => f.ruleId));
    expect(cases).toBe(resources + big.rules.filter((r) => !inScope.has(r.id)).length);
    const doc = create(text).end({ format: 'object' }) as { testsuites: Record<string, unknown> };
    expect(Number(doc.testsuites['@tests'])).toBe(cases);
  }, 120_000); // parsing 13 MB of XML back takes xmlbuilder2 some 8 s on a loaded machine

  it('markdown: a part a piece, still one pull-request comment', async () => {
    const out = await render('markdown', big);
    const text = out.join('');
    expect(digest(text)).toMatchSnapshot();
    expectStreamed(out);
    expect(text.length).toBeLessThan(65_536);
  });

  it('terminal: a section a piece, and with --quiet every gating finding, a batch of lines a piece', async () => {
    const outs = await Promise.all(TERMINAL_OPTS.map(([, opts]) => render('terminal', big, opts)));
    for (const [i, [optName]] of TERMINAL_OPTS.entries()) expect(digest(outs[i]!.join('')), optName).toMatchSnapshot(optName);
    for (const [i, [, opts]] of TERMINAL_OPTS.entries()) {
      const text = expectStreamed(outs[i]!);
      // From 100 on the number touches its label (`100.FAIL`), as it always did.
      if (opts.quiet) expect(text.match(/^ {2}\d+\.\s*FAIL /gm)).toHaveLength(big.findings.filter((f) => f.gates).length);
    }
  });
});
