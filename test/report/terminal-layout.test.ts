import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { demoReport } from './demo-report.js';

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
/** Commands stand whole on their own lines (copyable), whatever the width. */
const isCommand = (line: string) => /^\s+(\$ aws |fix: |aws )/.test(plain(line));

describe('terminal: a report a person can act on', () => {
  const report = demoReport({ minScore: 63 });

  it.each([60, 80, 120])('fits %i columns, with and without colour (commands excepted, never cut)', (width) => {
    for (const color of [false, true]) {
      const out = renderTerminal(report, { color, width });
      const long = out.split('\n').filter((l) => plain(l).length > width && !isCommand(l));
      expect(long).toEqual([]);
      expect(out.includes('\u001b[')).toBe(color);
    }
  });

  it.each([60, 80, 120])('snapshot at %i columns, with and without colour', (width) => {
    expect(renderTerminal(report, { color: false, width })).toMatchSnapshot();
    expect(renderTerminal(report, { color: true, width })).toMatchSnapshot();
  });

  it('opens with what gates, worst first, at most 10, each with its region and the exact command from its evidence', () => {
    const out = renderTerminal(report, { color: false, width: 60 });
    const lines = out.split('\n');
    const first = lines.findIndex((l) => l.startsWith('Fix first'));
    const firstSection = lines.findIndex((l) => l === 'Application Development  75/100');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(firstSection);
    expect(lines[first]).toBe(`Fix first (${report.summary.violations} findings at or above low fail the audit)`);
    expect(lines[first + 1]).toMatch(/^ {2}1\. {2}FAIL CRIT iam-mfa-enabled \[global\] root /);
    const items = lines.slice(first, firstSection).filter((l) => /^ {2}\d+\.\s/.test(l));
    expect(items).toHaveLength(10);
    const sevs = items.map((l) => /FAIL (\w+)/.exec(l)![1]);
    const order = ['CRIT', 'HIGH', 'MED', 'LOW'];
    expect(sevs.map((s) => order.indexOf(s!))).toEqual([...sevs.map((s) => order.indexOf(s!))].sort((a, b) => a - b));
    const revoke = report.findings.find((f) => f.gates && typeof f.evidence.revoke === 'string')!;
    expect(lines).toContain(`      $ ${revoke.evidence.revoke as string}`);
    expect(out).toContain(`... and ${report.summary.violations - 10} more that gate`);
  });

  it('says each status in text, explains the marks and the score, and names sections without a score', () => {
    const out = renderTerminal(report, { color: false, width: 120 });
    expect(out).toMatch(/^Marks: ✗ FAIL .* ! WARN .* \? ERROR .* ✓ PASS .* i INFO .* - N\/A/m);
    expect(out).toMatch(/^ {4}FAIL {2}LOW  \[/m);
    expect(out).toMatch(/^ {4}WARN {2}\w+ +\S/m);
    expect(out).toMatch(/^ {4}INFO {2}INFO \[/m);
    expect(out).toMatch(/^✗ FAIL ec2-no-ssh-ingress — /m);
    expect(out).toMatch(/How scored: each rule's share of passing resources, weighted by severity \(critical 10, high 5, medium 3, low 1\)/);
    expect(out).toMatch(/No score: Elastic MapReduce \(/);
  });

  it('shows the score with the precision the gate uses', () => {
    // The verdict compared 62.6 with 63: the renderer shows that number, never a rounded 63.
    const r = structuredClone(report);
    r.score.overall = 62.6;
    r.summary.belowMinScore = true;
    const out = renderTerminal(r, { color: false, width: 120 });
    expect(out).toContain('Score 62.6/100');
    expect(out).toContain('Minimum score 63 (not reached: 62.6)');
    expect(out).not.toMatch(/Score 63\/100/);
  });

  it('--quiet: only what gates (all of it) and the summary; --verbose: passes and manual advice in their sections', () => {
    const quiet = renderTerminal(report, { color: false, width: 80, quiet: true });
    expect(quiet).not.toContain('Application Development');
    expect(quiet).not.toContain('Marks:');
    expect(quiet.split('\n').filter((l) => /^ {2}\d+\.\s/.test(l))).toHaveLength(report.summary.violations);
    expect(quiet).toContain('Summary');
    const normal = renderTerminal(report, { color: false, width: 80 });
    expect(normal).not.toMatch(/^ {4}PASS/m);
    expect(normal).not.toContain('Manual check:');
    expect(normal).toMatch(/^Check by hand \(8 tips.*\n {2}i app-log-context-fields — /m);
    const verbose = renderTerminal(report, { color: false, width: 80, verbose: true });
    expect(verbose).toMatch(/^ {4}PASS/m);
    expect(verbose).toContain('Manual check:');
    expect(verbose).not.toContain('Check by hand');
  });

  it('always shows the region tag, and the id once when the message names it (a DNS name with its final dot)', () => {
    const r = structuredClone(report);
    const f = r.findings.find((x) => x.status === 'fail' && x.resource.region === 'us-east-1')!;
    f.message = `something in us-east-1 is wrong`;
    const g = r.findings.find((x) => x.status === 'warn' && x !== f)!;
    g.resource = { ...g.resource, id: 'sessions.corp.acme.internal.' };
    g.message = 'sessions.corp.acme.internal points at a node';
    const out = renderTerminal(r, { color: false, width: 200 });
    expect(out).toContain('[us-east-1] something in us-east-1 is wrong');
    expect(out).toMatch(/\] sessions\.corp\.acme\.internal points at a node/);
    expect(out).not.toContain('sessions.corp.acme.internal. ');
  });

  it('marks every new finding [new] (warn too) and gives fix lines to warn rules', () => {
    const base = structuredClone(report);
    const warn = report.findings.find((f) => f.status === 'warn')!;
    base.findings = base.findings.filter((f) => f.key !== warn.key);
    const out = renderTerminal(demoReport({ baseline: base }), { color: false, width: 200 });
    expect(out).toMatch(new RegExp(`WARN .*\\[new\\].*${warn.message.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const warnRule = report.rules.find((r) => r.status === 'warn' && r.cli)!;
    const block = out.slice(out.indexOf(`! WARN ${warnRule.id} `));
    expect(block.split(/\n(?=[✗!?✓i-] )/)[0]).toContain(`    fix: ${warnRule.cli!.split('\n')[0]}`);
  });
});
