#!/usr/bin/env node
// Stderr carries only aws-tips' own messages: silence the SDK's Node-version notice and other
// library warnings before anything loads them (AWS_TIPS_DEBUG=1 shows them).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (!process.env.AWS_TIPS_DEBUG) process.removeAllListeners('warning');
// A reader that stops early (`aws-tips audit | head`) is not an error: stop quietly with the exit code so far.
// Any other failure of standard output (`> /dev/full`, a disk that fills up) is one line and exit 2.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  const reason = err.code === 'ENOSPC' ? 'no space left on device (ENOSPC)' : (err.code ?? err.message);
  try {
    process.stderr.write(`aws-tips: cannot write to standard output: ${reason}\n`);
  } finally {
    process.exit(2);
  }
});
// Standard error itself failing leaves nowhere to say so: the exit code tells.
process.stderr.on('error', (err) => process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : 2));
// `aws-tips --version` alone needs nothing but package.json: answer before loading the CLI (cold start).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // Memory: V8 lets the heap grow to 2-4x what survived its last full collection before it collects again. An audit of
  // a large account keeps its snapshot and then its findings (most of what it allocates survives), so that slack is
  // about a gigabyte at a million resources (peak 2.5 GB where 1.7 GB is live). Growing it by 30% at a time keeps the
  // peak near what is live, for a few percent more time (docs/performance.md). `node --heap-growing-percent=N` wins.
  if (!process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString('--heap-growing-percent=30');
  }
  // The bundle (npm run build: tsc, then scripts/bundle.mjs): a live audit loads a few large files instead of hundreds
  // of SDK modules. tsc's dist/src/ when there is no bundle, when it is older than dist/src/ (a `tsc` alone since:
  // never run stale code), or when AWS_TIPS_UNBUNDLED=1 (readable stack traces; the benchmark's "before").
  const { statSync } = await import('node:fs');
  const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
  const bundled = process.env.AWS_TIPS_UNBUNDLED === '1' ? undefined : mtime('../dist/bundle/cli.js');
  const compiled = mtime('../dist/src/cli.js');
  const { main } = await import(bundled !== undefined && !(compiled > bundled) ? '../dist/bundle/cli.js' : '../dist/src/cli.js');
  await main(process.argv);
}
