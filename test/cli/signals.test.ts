/**
 * Signals: Ctrl-C (SIGINT), a cancelled job (SIGTERM) and a closed terminal (SIGHUP) end the run
 * with 128 + the signal number, remove the temp file being written and leave the previous file as
 * it was, also when they arrive during the last report write; during a long evaluation they act
 * between rules, not after the whole evaluation.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSnapshot } from '../../bench/synthetic.js';
import { evaluateYielding } from '../../src/commands/audit.js';
import { BIN, isolatedEnv } from './run.js';

describe('a signal during the final report write', () => {
  let snapshot: string;
  beforeAll(() => {
    // Large enough that rendering and writing the JSON report (about 40 MB) takes a few hundred ms.
    snapshot = join(mkdtempSync(join(tmpdir(), 'aws-tips-signals-')), 'snap.json');
    writeSyntheticSnapshot(snapshot, { resources: 50_000 });
  }, 120_000);

  /** Runs the audit and sends `signal` as soon as a temp file appears next to the report. */
  function interruptWrite(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; files: string[]; report: string; sent: boolean }> {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-signals-'));
    writeFileSync(join(dir, 'report.json'), 'previous report');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'audit', '--snapshot', snapshot, '--format', 'json=report.json'], { cwd: dir, env: isolatedEnv() });
      let stderr = '';
      let sent = false;
      child.stderr.on('data', (d) => (stderr += d));
      const poll = setInterval(() => {
        if (!sent && readdirSync(dir).some((n) => n !== 'report.json')) {
          sent = true;
          child.kill(signal);
        }
      }, 2);
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stderr, sent, files: readdirSync(dir), report: readFileSync(join(dir, 'report.json'), 'utf8') });
      });
    });
  }

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)
    it(`${signal}: exit ${code}, the previous report intact, no temp file left`, async () => {
      const r = await interruptWrite(signal);
      expect(r.sent, 'the temp file never appeared').toBe(true);
      expect(r.code).toBe(code);
      expect(r.stderr).toBe('aws-tips: interrupted\n');
      expect(r.report).toBe('previous report');
      expect(r.files).toEqual(['report.json']);
    }, 60_000);
});

describe('a signal while waiting on a pipe nobody opened the other end of', () => {
  /** Starts the CLI, sends `signal` after it has had time to block on the FIFO, and reports how it ended. */
  function interruptWait(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: isolatedEnv() });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      let sentAt = 0;
      const send = setTimeout(() => {
        sentAt = Date.now();
        child.kill(signal);
      }, 1500);
      // libuv joins its threads at exit: one blocked in the FIFO's open used to keep the process alive until SIGKILL.
      const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('error', reject);
      child.on('close', (code, sig) => {
        clearTimeout(send);
        clearTimeout(stuck);
        resolve({ code, signal: sig, stderr, ms: Date.now() - sentAt });
      });
    });
  }
  const fifo = (name: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'aws-tips-fifo-')), name);
    execFileSync('mkfifo', [path]);
    return path;
  };

  it.each([
    ['a baseline read from a FIFO with no writer', () => ['audit', '--demo', '--baseline', fifo('baseline.json'), '--format', 'json=/dev/null']],
    ['merge of a FIFO with no writer', () => ['merge', fifo('report.json')]],
    ['a report written to a FIFO with no reader', () => ['audit', '--demo', '--format', `json=${fifo('out.json')}`]],
  ])('%s: Ctrl-C ends it, as 130 (by SIGINT itself)', async (_name, args) => {
    const r = await interruptWait(args(), 'SIGINT');
    expect(r.signal, `still running ${r.ms} ms after SIGINT`).not.toBe('SIGKILL');
    expect(r.code === 130 || r.signal === 'SIGINT', `code ${r.code}, signal ${r.signal}`).toBe(true);
    expect(r.stderr).toBe('aws-tips: interrupted\n');
  }, 20_000);
});

describe('a signal during a long evaluation', () => {
  it('evaluation gives the event loop a turn between rules, so a signal handler runs while it goes on', async () => {
    const busy = (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
    };
    const rules = Array.from({ length: 20 }, (_, i) => ({
      rule: {
        id: `slow-${i}`,
        section: 'cost',
        docs: { rationale: '', checks: '', remediation: '', links: [] },
        compliance: [],
        needs: [],
        optionalNeeds: [],
        *check() {
          busy(25);
        },
      },
      options: {},
      severity: 'low',
      severityOverridden: false,
    }));
    const snapshot = {
      schemaVersion: 1,
      meta: { accountId: '123456789012', partition: 'aws', regions: ['us-east-1'], collectedAt: '2026-11-01T00:00:00.000Z', toolVersion: 't' },
    };
    const started = Date.now();
    let ranAt: number | undefined;
    // What a signal handler is: a callback that needs a turn of the event loop.
    setImmediate(() => (ranAt = Date.now() - started));
    const report = await evaluateYielding(snapshot as never, rules as never, { snapshot: snapshot as never, toolVersion: 't', source: { kind: 'snapshot' }, failOn: 'low' });
    const took = Date.now() - started;
    expect(report.rules).toHaveLength(20);
    expect(took).toBeGreaterThanOrEqual(500);
    expect(ranAt).toBeDefined();
    // It ran after a rule or two, not after the 20 rules (500 ms) of the evaluation.
    expect(ranAt!).toBeLessThan(100);
  });
});
