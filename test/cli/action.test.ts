/**
 * action.yml: the Audit step never publishes a previous run's reports. A run that fails before
 * writing (bad credentials, a bad flag) must not hand the last run's score, violations, "passed"
 * job summary or SARIF to the outputs, the summary or the SARIF upload. The step's script runs here
 * as the runner would run it, with a stand-in CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

interface Step {
  name: string;
  id?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
const action = parseYaml(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Step[] };
};
const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;
const REPORTS = ['report.json', 'report.sarif', 'report.md', 'report.html', 'report.xml', 'report.csv'];

/** A previous run's reports: it passed with a score of 97. */
function previousRun(out: string): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), JSON.stringify({ score: { overall: 97 }, summary: { violations: 0 } }));
  writeFileSync(join(out, 'report.md'), '## ✅ aws-tips: passed (previous run)\n');
  for (const f of ['report.sarif', 'report.html', 'report.xml', 'report.csv']) writeFileSync(join(out, f), 'previous');
}

/** Runs the Audit step's script with a CLI that runs `cli` (a Node script body) instead of aws-tips. */
function runAuditStep(cli: string, inputs: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'aws-tips-action-'));
  const actionPath = join(dir, 'action');
  mkdirSync(join(actionPath, 'bin'), { recursive: true });
  writeFileSync(join(actionPath, 'bin', 'aws-tips.js'), cli);
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, ...files, GITHUB_ACTION_PATH: actionPath };
  const audit = step('Audit');
  for (const [k, v] of Object.entries(audit.env ?? {})) {
    const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(v);
    env[k] = m ? (inputs[m[1]!] ?? action.inputs[m[1]!]!.default ?? '') : v;
  }
  const out = join(dir, env.OUT!);
  previousRun(out);
  const r = spawnSync('bash', ['-e', '-c', audit.run!], { cwd: dir, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { r, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), out };
}

describe('action.yml publishes only what this run wrote', () => {
  it('a run that fails before writing (exit 2): no score, violations, report, SARIF or summary; the old files are gone', () => {
    const { r, outputs, summary, out } = runAuditStep(`process.stderr.write('aws-tips: no AWS credentials found\\n'); process.exit(2);\n`);
    expect(r.status, r.stderr).toBe(0); // the step records the code; the Gate step fails the job
    expect(outputs).toEqual({ 'exit-code': '2' });
    expect(summary).toBe('');
    for (const f of REPORTS) expect(existsSync(join(out, f)), f).toBe(false);
    expect(r.stdout).toMatch(/::error::aws-tips wrote no report \(exit 2\)/);
  });

  it('a run that wrote some reports but not SARIF: the outputs name only the files that exist', () => {
    // The stand-in writes the JSON and Markdown reports of this run, and fails the others (exit 2).
    const cli = `
      const { writeFileSync } = await import('node:fs');
      const files = Object.fromEntries(process.argv.filter((a) => /^\\w+=/.test(a)).map((a) => a.split('=')));
      writeFileSync(files.json, JSON.stringify({ score: { overall: 41 }, summary: { violations: 3 } }));
      writeFileSync(files.markdown, '## ❌ aws-tips: 3 violations (this run)\\n');
      process.exit(2);
    `;
    const { outputs, summary, out } = runAuditStep(cli);
    expect(outputs).toEqual({ 'exit-code': '2', score: '41', violations: '3', report: `${'aws-tips-report'}/report.json` });
    expect(summary).toBe('## ❌ aws-tips: 3 violations (this run)\n');
    for (const f of ['report.sarif', 'report.html', 'report.xml', 'report.csv']) expect(existsSync(join(out, f)), f).toBe(false);
  });

  it('the SARIF upload runs only when this run set the sarif output', () => {
    expect(step('Upload SARIF to code scanning').if).toContain("steps.audit.outputs.sarif != ''");
  });
});
