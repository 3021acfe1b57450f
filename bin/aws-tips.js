#!/usr/bin/env node
// Stderr carries only aws-tips' own messages: silence the SDK's Node-version notice and other
// library warnings before anything loads them (AWS_TIPS_DEBUG=1 shows them).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (!process.env.AWS_TIPS_DEBUG) process.removeAllListeners('warning');
// A reader that stops early (`aws-tips audit | head`) is not an error: stop quietly with the exit code so far.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
// `aws-tips --version` alone needs nothing but package.json: answer before loading the CLI (cold start).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/src/cli.js');
  await main(process.argv);
}
