/**
 * The credential chain the client factory signs with: the SDK's default chain (env, SSO, profile,
 * credential_process, web identity, container and instance roles), with three things of our own:
 *  - with --endpoint-url, the STS (and SSO) calls the providers make go to that endpoint too (a role
 *    profile assumes its role at the emulator, not at the real sts.amazonaws.com);
 *  - resolution is bounded by --timeout: a hung credential_process, SSO or role assumption becomes one
 *    clear error (and a credential_process still running is stopped, so the CLI can exit);
 *  - the SDK's multi-line warnings go through our logger: "Multiple credential sources detected"
 *    becomes one `aws-tips:` line on stderr, nothing else of the SDK's reaches it.
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { registerSecrets } from '../errors.js';
import { formatDuration } from '../flag-values.js';

export interface CredentialChainOptions {
  profile?: string;
  endpointUrl?: string;
  timeoutMs: number;
  /** One line for stderr (without the `aws-tips: ` prefix). */
  note: (line: string) => void;
}

type Provider = (options?: unknown) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/** The error a credential resolution that outlived --timeout ends with. */
export class CredentialsTimeoutError extends Error {
  readonly Code = 'CredentialsTimeout';
  constructor(ms: number) {
    super(
      `no AWS credentials after ${formatDuration(ms)} (--timeout): the credential source did not answer (a credential_process, SSO, role assumption or instance metadata that hangs)`,
    );
    this.name = 'CredentialsTimeout';
  }
}

/**
 * The SDK's logger contract (debug, info, warn, error). The credential chain warns through it, in
 * place of console.warn, when it is given one that is not the SDK's NoOpLogger
 * (@aws-sdk/credential-provider-node, defaultProvider): the supported way to keep its warnings off stderr.
 */
function quietLogger(note: (line: string) => void) {
  let warnedMultiple = false;
  const ignore = () => undefined;
  return {
    debug: ignore,
    info: ignore,
    trace: ignore,
    error: ignore,
    warn: (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (/Multiple credential sources detected/.test(text)) {
        if (!warnedMultiple)
          note('both a profile (--profile or AWS_PROFILE) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: the profile is used');
        warnedMultiple = true;
      } else if (process.env.AWS_TIPS_DEBUG) process.stderr.write(`aws-tips: (debug) ${text.split('\n')[0]}\n`);
    },
  };
}

/** Stops a credential_process that outlived --timeout, and lets go of it (its pipes and its handle). */
function release(child: ChildProcess): void {
  try {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  } catch {
    /* already gone */
  }
  // A grandchild (the shell's command) may still hold the pipes open: let go of them so the event loop can end.
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}

/**
 * Runs fn, rejecting after ms. Child processes it starts (credential_process) are stopped then, and
 * so is any it starts afterwards until it settles (the chain tries the next provider, which may run the
 * same credential_process again).
 */
async function within<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const children: ChildProcess[] = [];
  let timedOut = false;
  const onChild = (message: unknown) => {
    const child = (message as { process?: ChildProcess }).process;
    if (!child) return;
    children.push(child);
    // Spawned after the timeout: let go of it once it is running.
    if (timedOut) setImmediate(() => release(child));
  };
  subscribe('child_process', onChild);
  const work = fn();
  void work.then(
    () => unsubscribe('child_process', onChild),
    () => unsubscribe('child_process', onChild),
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          for (const child of children) release(child);
          reject(new CredentialsTimeoutError(ms));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The default chain, wrapped as described above. Resolved credentials are registered for redaction. */
export async function credentialChain(opts: CredentialChainOptions): Promise<Provider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const logger = quietLogger(opts.note);
  const init: Record<string, unknown> = { logger };
  if (opts.profile) init.profile = opts.profile;
  if (opts.endpointUrl) {
    // clientConfig reaches the STS client of a role profile (role_arn + source_profile or credential_source),
    // of AWS_WEB_IDENTITY_TOKEN_FILE, and the SSO client. A profile with web_identity_token_file is resolved
    // by fromIni, which passes no clientConfig to its web identity provider: give it a role assumer of ours.
    init.clientConfig = { endpoint: opts.endpointUrl };
    const { getDefaultRoleAssumerWithWebIdentity } = await import('@aws-sdk/client-sts');
    init.roleAssumerWithWebIdentity = getDefaultRoleAssumerWithWebIdentity({ endpoint: opts.endpointUrl, logger } as never);
  }
  const chain = fromNodeProviderChain(init as never) as unknown as Provider;
  return async (options?: unknown) => {
    const c = await within(() => chain(options), opts.timeoutMs);
    registerSecrets(c.accessKeyId, c.secretAccessKey, c.sessionToken);
    return c;
  };
}
