import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The example plugin (examples/) imports aws-tips by its package name: here, this repository's own source.
  resolve: {
    alias: [
      { find: /^aws-tips$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^aws-tips\/rule-tester$/, replacement: fileURLToPath(new URL('./src/testing/rule-tester.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The SDK's Node-version notice is noise in test output (the CLI silences it too).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
