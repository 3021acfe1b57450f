/**
 * Patterns from the configuration (rule options that take a regular expression, suppression globs)
 * are written by whoever controls `.aws-tips.yml`, and matched against names that whoever controls
 * the account chose. A pattern such as `(a+)+$` or a glob such as `*a*a*a*a*a*a*a*b` backtracks for
 * minutes on a 60-character name, and a CI gate that hangs is a gate that gets removed.
 *
 * The rule: every such pattern is checked when the configuration is read, so a bad one is a usage
 * error naming its key (exit 2), never a hang.
 *
 * - Regular expressions (`regexProblem`, `safeRegex()` for a rule's zod options): they must compile;
 *   backreferences are refused; a group repeated without bound that itself repeats without bound is
 *   refused unless every repetition starts (or ends) with a character the inner repetition cannot
 *   match (`^[a-z0-9]+(-[a-z0-9]+)*$` is fine, `(\w+\s?)+` is not); a repeated alternation whose
 *   branches can start alike is refused (`(a|ab)+`). Last, the compiled pattern is timed on
 *   adversarial inputs of 1 000 characters and refused if one takes over 100 ms.
 * - Globs (`globProblem`, `compileGlob`, `safeGlob()`): `*` (any run of characters, `/` and `:`
 *   included), `?`, `[abc]`, `[a-z]`, `[!a]`, `{a,b}` and `\` escapes. `compileGlob` matches in time
 *   proportional to pattern × input (no backtracking regex), so any valid glob is safe; a malformed
 *   one (unclosed `[` or `{`, a reversed range, extglob syntax) is refused.
 */
import { runInNewContext } from 'node:vm';
import { z } from 'zod';

export const MAX_PATTERN_LENGTH = 1000;

// ---------------------------------------------------------------------------------------------
// Regular expressions

/** A set of characters: ASCII as a bitmap, everything beyond as one flag. */
interface CharSet {
  ascii: boolean[];
  other: boolean;
}

const emptySet = (): CharSet => ({ ascii: new Array<boolean>(128).fill(false), other: false });
const fullSet = (): CharSet => ({ ascii: new Array<boolean>(128).fill(true), other: true });
function setOf(pred: (c: string) => boolean, other: boolean): CharSet {
  const s = emptySet();
  for (let i = 0; i < 128; i++) s.ascii[i] = pred(String.fromCharCode(i));
  s.other = other;
  return s;
}
const union = (a: CharSet, b: CharSet): CharSet => ({ ascii: a.ascii.map((v, i) => v || b.ascii[i]!), other: a.other || b.other });
const overlaps = (a: CharSet, b: CharSet) => (a.other && b.other) || a.ascii.some((v, i) => v && b.ascii[i]);
const negate = (a: CharSet): CharSet => ({ ascii: a.ascii.map((v) => !v), other: !a.other });

const CLASS_ESCAPES: Record<string, () => CharSet> = {
  d: () => setOf((c) => /\d/.test(c), false),
  w: () => setOf((c) => /\w/.test(c), false),
  s: () => setOf((c) => /\s/.test(c), true),
  D: () => negate(CLASS_ESCAPES.d!()),
  W: () => negate(CLASS_ESCAPES.w!()),
  S: () => negate(CLASS_ESCAPES.s!()),
};

function literalSet(ch: string, ignoreCase: boolean): CharSet {
  const s = emptySet();
  for (const c of ignoreCase ? [ch.toLowerCase(), ch.toUpperCase()] : [ch]) {
    const code = c.charCodeAt(0);
    if (code < 128) s.ascii[code] = true;
    else s.other = true;
  }
  return s;
}

/** A parsed term: what one repetition can start and end with, and what repeats inside it. */
interface Node {
  /** Characters a match can start with / end with (approximate, never too small). */
  first: CharSet;
  last: CharSet;
  /** Can it match the empty string? */
  nullable: boolean;
  /** Characters matched by some unbounded repetition inside (null: none). */
  innerRepeat: CharSet | null;
  /** Every character it can match. */
  chars: CharSet;
}

class RegexShapeError extends Error {}

/**
 * A small recursive-descent reader of JavaScript regex syntax, just enough to find the shapes that
 * backtrack catastrophically. The pattern already compiled, so it is syntactically valid.
 */
class Analyzer {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  run(): void {
    this.alternation();
  }

  private peek = () => this.src[this.i];

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    const node: Node = {
      first: branches.map((b) => b.first).reduce(union),
      last: branches.map((b) => b.last).reduce(union),
      nullable: branches.some((b) => b.nullable),
      innerRepeat: branches.map((b) => b.innerRepeat).reduce<CharSet | null>((a, b) => (a && b ? union(a, b) : (a ?? b)), null),
      chars: branches.map((b) => b.chars).reduce(union),
    };
    (node as Node & { branches?: Node[] }).branches = branches;
    return node;
  }

  private sequence(): Node {
    const terms: Node[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const t = this.term();
      if (t) terms.push(t);
    }
    if (terms.length === 0) return { first: emptySet(), last: emptySet(), nullable: true, innerRepeat: null, chars: emptySet() };
    let first = emptySet();
    for (const t of terms) {
      first = union(first, t.first);
      if (!t.nullable) break;
    }
    let last = emptySet();
    for (let k = terms.length - 1; k >= 0; k--) {
      last = union(last, terms[k]!.last);
      if (!terms[k]!.nullable) break;
    }
    return {
      first,
      last,
      nullable: terms.every((t) => t.nullable),
      innerRepeat: terms.map((t) => t.innerRepeat).reduce<CharSet | null>((a, b) => (a && b ? union(a, b) : (a ?? b)), null),
      chars: terms.map((t) => t.chars).reduce(union),
    };
  }

  private term(): Node | undefined {
    const atom = this.atom();
    if (!atom) return undefined;
    const q = this.quantifier();
    if (!q) return atom;
    const repeated: Node = { ...atom, nullable: atom.nullable || q.min === 0 };
    if (!q.unbounded) return repeated;
    const group = atom as Node & { branches?: Node[] };
    // (X)+ where X itself repeats without bound: many ways to split the same text between iterations,
    // unless each iteration is pinned by a first (or last) character the inner repetition cannot take.
    if (atom.innerRepeat) {
      const pinnedStart = !overlaps(atom.first, atom.innerRepeat) && !atom.nullable;
      const pinnedEnd = !overlaps(atom.last, atom.innerRepeat) && !atom.nullable;
      if (!pinnedStart && !pinnedEnd)
        throw new RegexShapeError('may backtrack catastrophically: a repeated group repeats inside without a separator (nested quantifiers, e.g. (a+)+)');
    }
    if (group.branches) {
      for (let a = 0; a < group.branches.length; a++)
        for (let b = a + 1; b < group.branches.length; b++)
          if (overlaps(group.branches[a]!.first, group.branches[b]!.first) || group.branches[a]!.nullable || group.branches[b]!.nullable)
            throw new RegexShapeError('may backtrack catastrophically: a repeated alternation has branches that can start alike (e.g. (a|ab)+)');
    }
    if (atom.nullable) throw new RegexShapeError('may backtrack catastrophically: a group that can match nothing is repeated without bound (e.g. (a?)*)');
    return { ...repeated, innerRepeat: atom.innerRepeat ? union(atom.innerRepeat, atom.chars) : atom.chars };
  }

  private quantifier(): { min: number; unbounded: boolean } | undefined {
    const c = this.peek();
    let q: { min: number; unbounded: boolean } | undefined;
    if (c === '*') q = { min: 0, unbounded: true };
    else if (c === '+') q = { min: 1, unbounded: true };
    else if (c === '?') q = { min: 0, unbounded: false };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined; // a literal "{" (non-unicode mode)
      this.i += m[0].length - 1;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      // A large finite bound backtracks like an unbounded one.
      q = { min: Number(m[1]), unbounded: max > 32 };
    }
    if (!q) return undefined;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: same backtracking
    return q;
  }

  private atom(): Node | undefined {
    const c = this.src[this.i++]!;
    const single = (set: CharSet): Node => ({ first: set, last: set, nullable: false, innerRepeat: null, chars: set });
    const empty: Node = { first: emptySet(), last: emptySet(), nullable: true, innerRepeat: null, chars: emptySet() };
    switch (c) {
      case '^':
      case '$':
        return empty;
      case '.':
        return single(fullSet());
      case '[':
        return single(this.charClass());
      case '(': {
        let lookaround = false;
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) {
          this.i += 2;
          lookaround = true;
        } else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) {
          this.i += 3;
          lookaround = true;
        } else if (this.src.startsWith('?<', this.i)) this.i = this.src.indexOf('>', this.i) + 1;
        const inner = this.alternation();
        this.i++; // ')'
        return lookaround ? { ...empty, innerRepeat: inner.innerRepeat } : inner;
      }
      case '\\': {
        const e = this.src[this.i++]!;
        if (/[1-9]/.test(e) || (e === 'k' && this.peek() === '<')) throw new RegexShapeError('backreferences are not supported');
        if (e === 'b' || e === 'B') return empty;
        if (CLASS_ESCAPES[e]) return single(CLASS_ESCAPES[e]!());
        if (e === 'u' || e === 'x' || e === 'c' || e === 'p' || e === 'P') {
          // \uXXXX, \u{...}, \xHH, \cX, \p{...}: some single character; over-approximate.
          const m = /^(\{[^}]*\}|[0-9a-fA-F]{1,4}|[A-Za-z])/.exec(this.src.slice(this.i));
          if (m) this.i += m[0].length;
          return single(fullSet());
        }
        const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };
        return single(literalSet(named[e] ?? e, this.ignoreCase));
      }
      default:
        return single(literalSet(c, this.ignoreCase));
    }
  }

  private charClass(): CharSet {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    let set = emptySet();
    let first = true;
    while (this.i < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      let c = this.src[this.i++]!;
      if (c === '\\') {
        const e = this.src[this.i++]!;
        if (CLASS_ESCAPES[e]) {
          set = union(set, CLASS_ESCAPES[e]!());
          continue;
        }
        if (/[uxcpP]/.test(e)) {
          set = fullSet();
          const m = /^(\{[^}]*\}|[0-9a-fA-F]{1,4}|[A-Za-z])/.exec(this.src.slice(this.i));
          if (m) this.i += m[0].length;
          continue;
        }
        c = ({ n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
      }
      if (this.peek() === '-' && this.src[this.i + 1] !== undefined && this.src[this.i + 1] !== ']') {
        this.i++;
        let to = this.src[this.i++]!;
        if (to === '\\') to = this.src[this.i++]!;
        const lo = c.charCodeAt(0);
        const hi = to.charCodeAt(0);
        for (let k = lo; k <= hi && k < 128; k++) set = union(set, literalSet(String.fromCharCode(k), this.ignoreCase));
        if (hi >= 128) set.other = true;
      } else set = union(set, literalSet(c, this.ignoreCase));
    }
    this.i++; // ']'
    return negated ? negate(set) : set;
  }
}

/** Inputs that make a backtracking pattern show itself: long runs of the characters it mentions, then a misfit. */
function probes(source: string): string[] {
  const chars = new Set<string>(['a', 'A', '0', '-', '_', '.', ' ', '/', ':', '@']);
  for (const ch of source) if (/[\x20-\x7e]/.test(ch) && !'\\^$.|?*+()[]{}'.includes(ch)) chars.add(ch);
  const out: string[] = [];
  for (const c of chars) for (const end of ['!', '\n', '\u0000']) out.push(c.repeat(1000) + end);
  const list = [...chars];
  for (let i = 0; i + 1 < list.length && i < 6; i++) out.push(`${list[i]}${list[i + 1]}`.repeat(500) + '!');
  return out;
}

/**
 * Why a regular expression from the configuration is refused, or undefined when it is safe to run
 * on any resource name.
 */
export function regexProblem(source: string, flags = ''): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  try {
    new Analyzer(source, flags.includes('i')).run();
  } catch (err) {
    if (err instanceof RegexShapeError) return err.message;
    // The reader does not know some syntax: fall back to timing alone.
  }
  try {
    runInNewContext('for (const s of inputs) re.test(s)', { re: new RegExp(re.source, re.flags.replace(/[gy]/g, '')), inputs: probes(source) }, { timeout: 100 });
  } catch {
    return 'may backtrack catastrophically: too slow on a 1000-character input';
  }
  return undefined;
}

/** A zod string option holding a regular expression that is safe to run (see regexProblem). */
export function safeRegex(flags = '') {
  return z.string().superRefine((s, ctx) => {
    const problem = regexProblem(s, flags);
    if (problem) ctx.addIssue({ code: 'custom', message: `regular expression ${problem}` });
  });
}

// ---------------------------------------------------------------------------------------------
// Globs

type GlobToken = { t: 'star' } | { t: 'any' } | { t: 'lit'; c: string } | { t: 'set'; test: (c: string) => boolean };

const MAX_BRACE_EXPANSIONS = 64;

/** `{a,b}x{c,d}` -> [axc, axd, bxc, bxd]: escapes kept, nesting allowed, refused past 64 results. */
function expandBraces(p: string): string[] {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(p, i);
      if (end > 0) i = end;
      continue;
    }
    if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      const body = p.slice(start + 1, i);
      const parts: string[] = [];
      let d = 0;
      let from = 0;
      for (let k = 0; k < body.length; k++) {
        const b = body[k];
        if (b === '\\') k++;
        else if (b === '{') d++;
        else if (b === '}') d--;
        else if (b === ',' && d === 0) {
          parts.push(body.slice(from, k));
          from = k + 1;
        }
      }
      parts.push(body.slice(from));
      if (parts.length < 2) throw new Error('a {...} group needs at least two alternatives separated by ","');
      const rest = p.slice(i + 1);
      const out: string[] = [];
      for (const part of parts)
        for (const tail of expandBraces(part + rest)) {
          out.push(p.slice(0, start) + tail);
          if (out.length > MAX_BRACE_EXPANSIONS) throw new Error(`{...} expands to more than ${MAX_BRACE_EXPANSIONS} patterns`);
        }
      return out;
    }
  }
  if (depth > 0) throw new Error('unclosed "{"');
  return [p];
}

/** Index of the "]" closing the class opened at `open`, or -1. */
function classEnd(p: string, open: number): number {
  let i = open + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return -1;
}

function tokenize(p: string): GlobToken[] {
  const out: GlobToken[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      if (i + 1 >= p.length) throw new Error('ends with a lone "\\"');
      out.push({ t: 'lit', c: p[++i]! });
    } else if (c === '*') {
      if (out[out.length - 1]?.t !== 'star') out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'any' });
    else if (c === '[') {
      const end = classEnd(p, i);
      if (end < 0) throw new Error('unclosed "["');
      let k = i + 1;
      const negated = p[k] === '!' || p[k] === '^';
      if (negated) k++;
      const ranges: [number, number][] = [];
      while (k < end) {
        let lo = p[k]!;
        if (lo === '\\') lo = p[++k]!;
        k++;
        if (p[k] === '-' && k + 1 < end) {
          let hi = p[k + 1]!;
          k += 2;
          if (hi === '\\') hi = p[k++]!;
          if (hi.charCodeAt(0) < lo.charCodeAt(0)) throw new Error(`reversed range "${lo}-${hi}"`);
          ranges.push([lo.charCodeAt(0), hi.charCodeAt(0)]);
        } else ranges.push([lo.charCodeAt(0), lo.charCodeAt(0)]);
      }
      const test = (ch: string) => {
        const code = ch.charCodeAt(0);
        return ranges.some(([a, b]) => code >= a && code <= b) !== negated;
      };
      out.push({ t: 'set', test });
      i = end;
    } else if ((c === '@' || c === '!' || c === '+') && p[i + 1] === '(') {
      throw new Error(`extended glob "${c}(" is not supported`);
    } else out.push({ t: 'lit', c });
  }
  return out;
}

/** Wildcard matching without a backtracking regex: at most pattern × input steps. */
function matchTokens(tokens: GlobToken[], s: string): boolean {
  let i = 0;
  let j = 0;
  let starJ = -1;
  let starI = 0;
  const one = (tok: GlobToken, ch: string) => (tok.t === 'any' ? true : tok.t === 'lit' ? tok.c === ch : tok.t === 'set' ? tok.test(ch) : false);
  while (i < s.length) {
    const tok = tokens[j];
    if (tok && tok.t === 'star') {
      starJ = j++;
      starI = i;
    } else if (tok && one(tok, s[i]!)) {
      i++;
      j++;
    } else if (starJ >= 0) {
      j = starJ + 1;
      i = ++starI;
    } else return false;
  }
  while (tokens[j]?.t === 'star') j++;
  return j === tokens.length;
}

/** Why a glob from the configuration is refused, or undefined when it is valid. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'empty glob';
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    for (const p of expandBraces(pattern)) tokenize(p);
  } catch (err) {
    return `not a valid glob: ${(err as Error).message}`;
  }
  return undefined;
}

/** A matcher for a glob over whole strings (ARNs, regions, tag values); throws on an invalid glob. */
export function compileGlob(pattern: string): (value: string) => boolean {
  const problem = globProblem(pattern);
  if (problem) throw new Error(`glob ${JSON.stringify(pattern)}: ${problem}`);
  const alternatives = expandBraces(pattern).map(tokenize);
  return (value) => alternatives.some((tokens) => matchTokens(tokens, value));
}

/** A zod string option holding a valid glob (see globProblem). */
export function safeGlob() {
  return z.string().superRefine((s, ctx) => {
    const problem = globProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
