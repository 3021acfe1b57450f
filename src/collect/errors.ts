import { redactSecrets } from '../errors.js';

/**
 * What a failed AWS call tells us, in the shape of a snapshot collection error: the first line of
 * the service's message, never a credential (a message may echo the key or the signed request).
 */
export function describeAwsError(err: unknown): { code: string; message: string; operation?: string } {
  const e = (err ?? {}) as { name?: string; Code?: string; code?: string; message?: string; $operation?: string };
  const invalid = invalidResponse(err);
  if (invalid) return { code: 'InvalidResponse', message: invalid, operation: e.$operation };
  const code = redactSecrets(String(e.Code ?? e.name ?? e.code ?? 'Error'));
  let message = redactSecrets(e.message ?? String(err)).split('\n')[0]!.trim();
  if (message.length > 300) message = `${message.slice(0, 297)}...`;
  if (!message || message === 'UnknownError') message = code;
  return { code, message, operation: e.$operation };
}

/**
 * Whether a call failed with one of the given codes: the "not configured" answers that are values,
 * not failures (a feature that is off is a fact about the account), and the "deleted since it was listed" answers. Each caller names
 * the codes of its own call: a code meaning "absent" for one API can be a real failure for another.
 */
export function isNotConfigured(err: unknown, codes: Iterable<string>): boolean {
  const { code } = describeAwsError(err);
  for (const c of codes) if (c === code) return true;
  return false;
}

export function isAccessDenied(err: unknown): boolean {
  const { code } = describeAwsError(err);
  return /AccessDenied|UnauthorizedOperation|AuthorizationError|Forbidden|AuthFailure/i.test(code);
}

/**
 * An answer the SDK could not read (an HTML error page from a proxy or an emulator, a body cut short):
 * the SDK throws its parser's error (`SyntaxError: Unexpected token '<'`, `XML parse error ...
 * Deserialization error`), which says nothing useful. Say what happened instead: "HTTP 500 from iam
 * (not a valid response)". Undefined for any other error.
 */
function invalidResponse(err: unknown): string | undefined {
  const e = (err ?? {}) as { name?: string; Code?: string; message?: string; $operation?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  if (e.Code) return undefined;
  const parseError = e.name === 'SyntaxError' || /Deserialization error|XML parse error|Unexpected token|Unexpected end of JSON|is not valid JSON/i.test(e.message ?? '');
  if (!parseError) return undefined;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const service = e.$operation?.split(':')[0] ?? 'AWS';
  return `${status ? `HTTP ${status}` : 'an answer'} from ${service} (not a valid response)`;
}
