/**
 * Cold start: `aws-tips --version` and `aws-tips rules` must not load the AWS SDK (issue 6). The built
 * CLI runs with a resolve hook that logs every module it loads; a command that collects is the control
 * (it must show the SDK, so the hook is known to see it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../cli/run.js';

const HOOK = new URL('./module-log-hook.mjs', import.meta.url).href;
const SDK = /\/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;

function modulesLoadedBy(args: string[]): { code: number | null; modules: string[]; stderr: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'aws-tips-modules-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    env: isolatedEnv({ AWS_TIPS_MODULE_LOG: log }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, modules: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [], stderr: r.stderr };
}

describe('lazy loading of the AWS SDK', () => {
  it.each([[['--version']], [['rules']], [['rules', '--format', 'json']], [['explain', 'ec2-no-ssh-ingress']], [['--help']]])('aws-tips %j loads no SDK module', (args) => {
    const r = modulesLoadedBy(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.some((m) => m.includes('/bin/aws-tips.js')), 'the hook saw the CLI start').toBe(true);
    expect(r.modules.filter((m) => SDK.test(m))).toEqual([]);
  });

  it('the control: a live command loads the SDK (so the hook would see it)', () => {
    const r = modulesLoadedBy(['collect', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1', '--output', join(tmpdir(), 'never.json'), '--timeout', '2']);
    expect(r.code).toBe(2);
    expect(r.modules.some((m) => SDK.test(m))).toBe(true);
  });
});
