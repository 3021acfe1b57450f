import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, neutralizeFormula, renderCsv } from '../../src/report/csv.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';

describe('csv', () => {
  const report = demoReport();
  const csv = renderCsv(report);
  const rows = parse(csv, { relax_quotes: false }) as string[][];

  it('is RFC 4180: a header, one row per finding, CRLF line ends, fields quoted', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n/); // no bare LF between records
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('carries each finding', () => {
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    report.findings.forEach((f, i) => {
      const r = rows[i + 1]!;
      expect(r[col('rule')]).toBe(f.ruleId);
      expect(r[col('status')]).toBe(f.status);
      expect(r[col('severity')]).toBe(f.severity);
      expect(r[col('resource_arn')]).toBe(f.resource.arn);
      expect(r[col('message')]).toBe(neutralizeFormula(f.message));
      expect(JSON.parse(r[col('evidence')]!)).toEqual(f.evidence);
    });
  });

  it('neutralises spreadsheet formulas: = + - @ tab CR get a leading apostrophe', () => {
    for (const c of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeFormula(c)).toBe(`'${c}`);
    for (const c of ['plain', 'a=b', '', "'quoted"]) expect(neutralizeFormula(c)).toBe(c);
    const hostile = parse(renderCsv(hostileReport(report))) as string[][];
    expect(hostile).toHaveLength(report.findings.length + 1);
    for (const r of hostile.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(hostile[1]![CSV_COLUMNS.indexOf('resource_id')]).toBe("'@SUM(A1)");
    expect(hostile[1]![CSV_COLUMNS.indexOf('message')]).toBe("'=1+1");
    // A line break inside a message stays inside its field.
    expect(hostile.some((r) => r[CSV_COLUMNS.indexOf('message')]!.includes('line\nbreak'))).toBe(true);
  });

  it('shows bidi controls, invisible and non-XML characters escaped; line breaks and tabs stay in their field; evidence stays JSON', () => {
    const r = invisibleReport(report);
    r.findings[0]!.evidence = { note: `a\u202eb\u200b\ud800`, lines: 'one\ntwo\tthree' };
    r.findings[0]!.message = `${r.findings[0]!.message}\nsecond\tline`;
    const rows = parse(renderCsv(r)) as string[][];
    expect(rows).toHaveLength(r.findings.length + 1);
    for (const cell of rows.flat()) expect(cell).not.toMatch(RAW_UNSAFE);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('message')]).toMatch(/^alarm\\u202e\\u202a.*\nsecond\tline$/s);
    expect(rows[1]![col('resource_id')]).toContain('name\\u202e');
    expect(JSON.parse(rows[1]![col('evidence')]!)).toEqual(r.findings[0]!.evidence);
    expect(JSON.parse(rows[1]![col('resource_tags')]!)).toEqual(r.findings[0]!.resource.tags);
  });
});

describe('csv: framework controls', () => {
  const report = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
  const rows = parse(renderCsv(report)) as string[][];
  const col = CSV_COLUMNS.indexOf('controls');

  it('has a controls column: the controls of the finding\'s rule, <framework>/<control> joined by a space', () => {
    expect(rows[0]![col]).toBe('controls');
    report.findings.forEach((f, i) => {
      const rule = report.rules.find((r) => r.id === f.ruleId)!;
      expect(rows[i + 1]![col]).toBe(rule.compliance.map((c) => `${c.framework}/${c.control}`).join(' '));
    });
    const ssh = report.findings.findIndex((f) => f.ruleId === 'ec2-no-ssh-ingress' && f.status === 'fail');
    expect(rows[ssh + 1]![col]!.split(' ')).toEqual(expect.arrayContaining(['cis-aws-foundations-5.0/5.3', 'cis-aws-foundations-5.0/5.4']));
  });
});

describe('csv: accounts', () => {
  it('the header, pinned: account comes before region, the other columns keep their order', () => {
    expect([...CSV_COLUMNS]).toEqual([
      'rule', 'section', 'title', 'status', 'severity', 'suppressed', 'suppression_reason', 'suppression_expires', 'baseline',
      'account', 'region', 'resource_id', 'resource_arn', 'resource_tags', 'message', 'evidence', 'controls',
    ]);
  });

  it('each row names the account of its finding, in an organization\'s report too', () => {
    const org = orgReport();
    const rows = parse(renderCsv(org)) as string[][];
    const col = CSV_COLUMNS.indexOf('account');
    expect(rows.slice(1).map((r) => r[col])).toEqual(org.findings.map((f) => f.account));
    expect(new Set(rows.slice(1).map((r) => r[col]))).toEqual(new Set([WORST, CLEAN, UNREACHABLE]));
    const single = parse(renderCsv(demoReport())) as string[][];
    expect(new Set(single.slice(1).map((r) => r[col]))).toEqual(new Set(['111122223333']));
  });
});
