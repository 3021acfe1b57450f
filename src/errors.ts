/** An error the user can fix (bad flag, bad file, no credentials): one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
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
    else out += out === '' ? String(p) : `.${String(p)}`;
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
