import { randomUUID } from 'node:crypto';

/**
 * JSON documents written in bounded pieces.
 *
 * A large account's report (a million findings) is longer than the longest string V8 can build, and
 * the array of its mapped results (SARIF results, OCSF events, ASFF records) would be a second copy of
 * every finding. So a document is given as a skeleton in which each large array is a `streamedArray`
 * over an Iterable: the skeleton is stringified once, and each array's elements are taken from their
 * iterable (a generator mapping findings lazily), stringified a batch at a time and dropped. The pieces
 * joined are byte for byte JSON.stringify(document, null, indent), the arrays written out as arrays.
 * (Only the skeleton's arrays stream: a StreamedArray among another one's items is not looked for.)
 */

/** Small batches keep each string young (under V8's large-object size), so a scavenge frees it at once. */
export const BATCH = 100;

/** A place in a document skeleton for an array whose elements come from an iterable, read once, in order. */
export class StreamedArray {
  constructor(
    readonly items: Iterable<unknown>,
    /** `lines`: each element compact on its own line (OCSF, ASFF: one record a line), not indented. */
    readonly layout: 'pretty' | 'lines',
  ) {}
}

export function streamedArray(items: Iterable<unknown>, opts: { oneLine?: boolean } = {}): StreamedArray {
  return new StreamedArray(items, opts.oneLine ? 'lines' : 'pretty');
}

export interface JsonPiecesOptions {
  /** Spaces per level, as JSON.stringify's third argument (0: no whitespace). */
  indent?: number;
  /** Elements stringified per piece. */
  batch?: number;
  /** Written after the document (`\n`). */
  end?: string;
}

/**
 * The skeleton stringified, each StreamedArray in it as a placeholder string: the text and where each
 * placeholder is. The placeholders carry a random nonce, drawn again in the unlikely case the
 * document's own strings contain it, so no data is ever taken for a placeholder.
 */
function skeleton(doc: unknown, indent: number): { text: string; slots: { at: number; length: number; array: StreamedArray }[] } {
  for (;;) {
    const nonce = randomUUID();
    const arrays: StreamedArray[] = [];
    const text = JSON.stringify(doc, (_key, value: unknown) => {
      if (!(value instanceof StreamedArray)) return value;
      arrays.push(value);
      return `\u0000json-stream:${nonce}:${arrays.length - 1}\u0000`;
    }, indent);
    if (text === undefined) throw new TypeError('jsonPieces: the document is not JSON (undefined, a function or a symbol)');
    const slots = [];
    let from = 0;
    for (const [i, array] of arrays.entries()) {
      const token = JSON.stringify(`\u0000json-stream:${nonce}:${i}\u0000`);
      const at = text.indexOf(token, from);
      if (at < 0) break;
      slots.push({ at, length: token.length, array });
      from = at + token.length;
    }
    if (slots.length === arrays.length && countOf(text, nonce) === arrays.length) return { text, slots };
  }
}

function countOf(text: string, s: string): number {
  let n = 0;
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + s.length)) n++;
  return n;
}

/**
 * The batch's items as JSON.stringify(…, null, indent) writes them inside an array whose line is indented
 * by `pad`: the batch is stringified nested in as many arrays as `pad` has levels, so its items come out at
 * their depth, and the wrappers' lines are cut off (half the time of moving every line with replaceAll).
 */
function indentedItems(batch: unknown[], pad: string, indent: number): string {
  const levels = pad.length / indent;
  if (!Number.isInteger(levels)) {
    const inner = JSON.stringify(batch, null, indent).slice(2, -2);
    return `${pad}${inner.replaceAll('\n', `\n${pad}`)}`;
  }
  let nested: unknown = batch;
  for (let i = 0; i < levels; i++) nested = [nested];
  const all = JSON.stringify(nested, null, indent);
  // levels + 1 opening lines (`[`), and as many closing ones (`]`).
  let start = 0;
  for (let i = 0; i <= levels; i++) start = all.indexOf('\n', start) + 1;
  let end = all.length;
  for (let i = 0; i <= levels; i++) end = all.lastIndexOf('\n', end - 1);
  return all.slice(start, end);
}

/**
 * The array's text at the indentation of the line it opens on: `[` with the first batch, then a batch a
 * piece; returns its close (`]`, or `[]` when empty), which goes with the text after it.
 */
function* arrayPieces(array: StreamedArray, pad: string, indent: number, size: number): Generator<string, string> {
  const step = ' '.repeat(indent);
  const nl = indent > 0 || array.layout === 'lines' ? '\n' : '';
  let first = true;
  let batch: unknown[] = [];
  const flush = (): string => {
    let text: string;
    if (array.layout === 'lines') {
      text = batch.map((e) => `${pad}${step}${JSON.stringify(e) ?? 'null'}`).join(',\n');
    } else if (indent === 0) {
      const all = JSON.stringify(batch);
      text = all.slice(1, -1);
    } else {
      text = indentedItems(batch, pad, indent);
    }
    const piece = `${first ? `[${nl}` : `,${nl}`}${text}`;
    first = false;
    batch = [];
    return piece;
  };
  for (const item of array.items) {
    batch.push(item);
    if (batch.length >= size) yield flush();
  }
  if (batch.length) yield flush();
  return first ? '[]' : `${nl}${nl ? pad : ''}]`;
}

/**
 * The pieces of JSON.stringify(doc, null, indent) (+ `end`), each StreamedArray in `doc` written as an
 * array of its items: the text before an array, then `[` with its first batch, a batch a piece, then its
 * `]` with the text up to the next array. Each iterable is read once, when the writing reaches it.
 */
export function* jsonPieces(doc: unknown, opts: JsonPiecesOptions = {}): Generator<string> {
  const indent = opts.indent ?? 2;
  const size = opts.batch ?? BATCH;
  const { text, slots } = skeleton(doc, indent);
  let from = 0;
  let close = '';
  for (const { at, length, array } of slots) {
    if (at > from || close) yield `${close}${text.slice(from, at)}`;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const pad = indent > 0 ? /^ */.exec(text.slice(lineStart, at))![0] : '';
    close = yield* arrayPieces(array, pad, indent, size);
    from = at + length;
  }
  yield `${close}${text.slice(from)}${opts.end ?? ''}`;
}
