#!/usr/bin/env node
// Stderr carries only aws-tips' own messages: silence the SDK's Node-version notice and other
// library warnings before anything loads them (AWS_TIPS_DEBUG=1 shows them).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (!process.env.AWS_TIPS_DEBUG) process.removeAllListeners('warning');
const { main } = await import('../dist/src/cli.js');
await main(process.argv);
