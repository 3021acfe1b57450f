/**
 * Credential values in use (registered by the client factory as it resolves them). A service's error
 * message may echo a key or the signed request; nothing the tool prints or writes may carry them.
 */
const secrets = new Set<string>();

/** Remembers credential values to redact (shorter than 8 characters: not a real credential, kept). */
export function registerSecrets(...values: (string | undefined | null)[]): void {
  for (const v of values) if (typeof v === 'string' && v.length >= 8) secrets.add(v);
}

/** The text with every registered credential value replaced by [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/** Longest usage error shown: a hostile file must not make the one line megabytes long. */
const MAX_MESSAGE = 600;

/**
 * Makes text from outside (file contents, key names, service messages) safe for one terminal line:
 * control characters (ANSI escapes, newlines) are shown escaped, never interpreted, very long text
 * is cut short, and credential values are redacted.
 */
export function oneLine(text: string, max = MAX_MESSAGE): string {
  const cut = redactSecrets(text.length > max ? text.slice(0, max) : text);
  // eslint-disable-next-line no-control-regex
  let s = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (s.length > max || cut !== text) s = `${s.slice(0, max - 30)}… (${text.length} characters)`;
  return s;
}

/** An error the user can fix (bad flag, bad file, no credentials): one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'UsageError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Zod issue path as users write it: rules.ec2-no-ssh-ingress.allowedCidrs[2] */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      // A key from a hostile file can be huge or hold escapes: keep each segment short and printable.
      const key = oneLine(String(p), 80);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out || '(top level)';
}

/** One line from a zod error: the first issue with its path. */
export function zodLine(err: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[] }, prefix = ''): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid';
  const path = [...(prefix ? [prefix] : []), ...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return `${formatPath([...path, issue.keys[0]!])}: unknown key`;
  }
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more)` : '';
  return `${formatPath(path)}: ${issue.message}${more}`;
}
