import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import type { Report } from '../../src/engine/report.js';
import { sarifErrors } from '../report/sarif-schema.js';
import { validateReport } from '../support/report-schema.js';
import { expectUsageError, run } from './run.js';

/** Every format written by one audit through `--format x=FILE`, each file checked as its consumers read it. */

const FORMATS = ['json', 'sarif', 'junit', 'markdown', 'csv', 'html'] as const;
const tmp = () => mkdtempSync(join(tmpdir(), 'aws-tips-formats-'));

describe('--format x=FILE for every format', () => {
  const dir = tmp();
  const file = (f: string) => join(dir, `report.${f}`);
  const r = run(['audit', '--demo', ...FORMATS.flatMap((f) => ['--format', `${f}=${file(f)}`]), '--format', 'terminal']);
  const report = JSON.parse(readFileSync(file('json'), 'utf8')) as Report;

  it('writes every file (and the terminal report on stdout), with the usual exit code', () => {
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Summary/);
    for (const f of FORMATS) expect(existsSync(file(f)), f).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]); // atomic writes left no temp file
    expect(r.code).toBe(report.summary.violations > 0 ? 1 : report.summary.incomplete ? 3 : 0);
  });

  it('json: matches schema/report.schema.json', () => {
    validateReport(report);
  });

  it('sarif: valid SARIF 2.1.0 with a result per failing or warning finding', () => {
    const sarif = JSON.parse(readFileSync(file('sarif'), 'utf8'));
    expect(sarifErrors(sarif)).toEqual([]);
    const problems = report.findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && !f.suppressed);
    expect(sarif.runs[0].results).toHaveLength(problems.length);
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(report.rules.length);
  });

  it('junit: well-formed XML, a failure per failing rule × resource', () => {
    const doc = create(readFileSync(file('junit'), 'utf8')).end({ format: 'object' }) as { testsuites: Record<string, string> };
    const failing = new Set(report.findings.filter((f) => f.status === 'fail' && !f.suppressed).map((f) => `${f.ruleId} ${f.resource.arn}`));
    expect(Number(doc.testsuites['@failures'])).toBe(failing.size);
  });

  it('markdown: the verdict, score and failing table', () => {
    const md = readFileSync(file('markdown'), 'utf8');
    expect(md).toMatch(/^## (❌|✅|❓) aws-tips/);
    expect(md).toContain(`**Score ${report.score.overall}/100**`);
    expect(md).toContain(`### Failing findings (${report.findings.filter((f) => f.status === 'fail').length})`);
  });

  it('csv: a row per finding', () => {
    const rows = parseCsv(readFileSync(file('csv'), 'utf8')) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
  });

  it('html: one document with the gauge, the chart and the findings table', () => {
    const html = readFileSync(file('html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('id="gauge"');
    expect(html).toContain('id="sections"');
    expect(html.match(/<tr data-status=/g)).toHaveLength(report.findings.length);
  });
});

describe('--framework: every format carries the compliance view', () => {
  const dir = tmp();
  const file = (f: string) => join(dir, `report.${f}`);
  const r = run(['audit', '--demo', '--framework', 'cis-aws-foundations-5.0', ...FORMATS.flatMap((f) => ['--format', `${f}=${file(f)}`]), '--format', 'terminal']);
  const report = JSON.parse(readFileSync(file('json'), 'utf8')) as Report;
  const fw = report.frameworks[0]!;
  const ssh = 'ec2-no-ssh-ingress';

  it('json: the per-control view, the SSH security group failing CIS 5.0 5.3 and 5.4', () => {
    expect(r.stderr).toBe('');
    expect(report.frameworks.map((f) => f.id)).toEqual(['cis-aws-foundations-5.0']);
    for (const id of ['5.3', '5.4']) expect(fw.controls.find((c) => c.control === id)).toMatchObject({ status: 'fail' });
  });

  it('terminal: the framework block after the summary, what aws-tips does not check said plainly', () => {
    expect(r.stdout.indexOf('Compliance: CIS Amazon Web Services Foundations Benchmark 5.0.0')).toBeGreaterThan(r.stdout.indexOf('Summary'));
    expect(r.stdout).toContain(`${fw.summary.notChecked} controls not checked by aws-tips`);
  });

  it('sarif: valid, the rules tagged with their controls', () => {
    const sarif = JSON.parse(readFileSync(file('sarif'), 'utf8'));
    expect(sarifErrors(sarif)).toEqual([]);
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === ssh);
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['cis-aws-foundations-5.0/5.3', 'cis-aws-foundations-5.0/5.4']));
  });

  it('junit: a compliance property per control on the rule\'s testcases', () => {
    const xml = readFileSync(file('junit'), 'utf8');
    create(xml).end({ format: 'object' });
    const testcase = xml.split('<testcase ').find((t) => t.includes(`.${ssh}"`))!;
    expect(testcase).toContain('<property name="compliance" value="cis-aws-foundations-5.0/5.3"/>');
  });

  it('markdown and html: the control table and the controls not checked', () => {
    const md = readFileSync(file('markdown'), 'utf8');
    expect(md).toContain('### Compliance: CIS Amazon Web Services Foundations Benchmark 5.0.0');
    expect(md).toMatch(/^\| ❌ fail \| `5\.3` \|/m);
    expect(md).toContain(`Not checked by aws-tips (${fw.summary.notChecked})`);
    const html = readFileSync(file('html'), 'utf8');
    expect(html).toContain('<section class="framework" id="framework-cis-aws-foundations-5.0"');
    expect(html).toContain(`Not checked by aws-tips (${fw.summary.notChecked})`);
  });

  it('csv: the controls column', () => {
    const rows = parseCsv(readFileSync(file('csv'), 'utf8')) as string[][];
    const col = CSV_COLUMNS.indexOf('controls');
    expect(rows[0]![col]).toBe('controls');
    const row = rows.find((x) => x[0] === ssh && x[CSV_COLUMNS.indexOf('status')] === 'fail')!;
    expect(row[col]!.split(' ')).toEqual(expect.arrayContaining(['cis-aws-foundations-5.0/5.3', 'cis-aws-foundations-5.0/5.4']));
  });
});

describe('--format details', () => {
  it('a format without a file goes to stdout: markdown for $GITHUB_STEP_SUMMARY', () => {
    const r = run(['audit', '--demo', '--rule', 'ec2-no-ssh-ingress', '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## ❌ aws-tips: \d+ violations?\n/);
  });

  it('--include-passed adds passed findings to the SARIF results', () => {
    const dir = tmp();
    run(['audit', '--demo', '--rule', 'ec2-no-ssh-ingress', '--format', `sarif=${join(dir, 'a.sarif')}`, '--format', `json=${join(dir, 'a.json')}`]);
    run(['audit', '--demo', '--rule', 'ec2-no-ssh-ingress', '--include-passed', '--format', `sarif=${join(dir, 'b.sarif')}`]);
    const report = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Report;
    const a = JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8')).runs[0].results;
    const b = JSON.parse(readFileSync(join(dir, 'b.sarif'), 'utf8'));
    expect(sarifErrors(b)).toEqual([]);
    expect(a.some((x: { kind: string }) => x.kind === 'pass')).toBe(false);
    expect(b.runs[0].results.filter((x: { kind: string }) => x.kind === 'pass')).toHaveLength(report.findings.filter((f) => f.status === 'pass').length);
  });

  it('--output gives the stdout format a file', () => {
    const dir = tmp();
    const r = run(['audit', '--demo', '--rule', 'ec2-no-ssh-ingress', '--format', 'csv', '--output', join(dir, 'out.csv')]);
    expect(r.stdout).toBe('');
    expect(parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'))[0]).toEqual([...CSV_COLUMNS]);
  });

  it('rejects two formats on stdout and a missing file name', () => {
    expectUsageError(run(['audit', '--demo', '--format', 'sarif', '--format', 'markdown']), /only one format can go to standard output/);
    expectUsageError(run(['audit', '--demo', '--format', 'html=']), /--format html=: missing file name/);
  });

  it('a file that cannot be written is one line on stderr, exit 2', () => {
    const r = run(['audit', '--demo', '--rule', 'ec2-no-ssh-ingress', '--format', 'junit=/nonexistent/dir/r.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^aws-tips: cannot write junit report \/nonexistent\/dir\/r\.xml: folder \/nonexistent\/dir does not exist$/m);
  });
});
