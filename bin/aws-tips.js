#!/usr/bin/env node
// Silence the SDK's Node-version notice before anything loads it: stderr carries only our messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= '1';
const { main } = await import('../dist/src/cli.js');
await main(process.argv);
