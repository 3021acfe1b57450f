/**
 * Vitest globalSetup (referenced from vitest.config.ts): deliberately does nothing.
 *
 * No shared test service is started for the whole run. Each test file that needs AWS starts its own
 * moto_server on a free 127.0.0.1 port (test/support/moto.ts: `startMoto()` / `useMoto()`), so files
 * running in parallel never see each other's resources, a crashed file cannot leave state behind for
 * another, and unit-test-only runs (`npx vitest run test/rules/...`) never pay for a Python start-up.
 * Whether moto is required is decided per file by `requireMotoOrSkip()` (skip with a hint locally, a
 * hard failure when CI is set). Kept as a no-op rather than removed so vitest.config.ts keeps working.
 */
export default function setup(): void {}
