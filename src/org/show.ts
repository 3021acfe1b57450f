/**
 * A value from the user (a flag, a line of a file, an environment variable) shown inside a one-line
 * message: quoted, cut to `max` characters, and with every character that could change how the line
 * reads escaped as \uXXXX: control characters (ANSI escapes, newlines), bidirectional overrides and
 * isolates (a "Trojan Source" id that displays as another), zero-width characters, the BOM and
 * lone surrogates.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function showValue(value: string, max = 40): string {
  // Never split a surrogate pair: cut by code points (looking at no more of the text than needed).
  const points = Array.from(value.length > max * 2 + 2 ? value.slice(0, max * 2 + 2) : value);
  const cut = points.length > max;
  const head = (cut ? points.slice(0, max) : points).join('');
  const escaped = head.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}${cut ? '…' : ''}"`;
}
