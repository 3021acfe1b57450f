/**
 * Patterns from the configuration (rule options that take a regular expression, suppression globs,
 * `--rule`/`--skip` globs) are written by whoever controls `.aws-tips.yml` or the command line, and
 * matched against names that whoever controls the account chose. In a backtracking engine a pattern
 * such as `(a+)+$`, `^(?:xy.*){12}z$` or the glob `*a*a*a*a*a*a*a*b` runs for minutes on a short
 * name, blocking the main thread (Ctrl-C included); a CI gate that hangs is a gate that gets removed.
 *
 * The rule: no user pattern ever runs in a backtracking engine.
 *
 * - Regular expressions (`compileRegex`, `regexProblem`, `safeRegex()` for a rule's zod options) are
 *   matched by RE2 (the re2js port): time linear in the name, whatever the pattern. RE2 syntax is
 *   JavaScript's without backreferences and lookaround (RE2 leaves them out to stay linear); a
 *   pattern that uses them, does not compile, is over 1000 characters or compiles to an RE2 program
 *   over MAX_PROGRAM_SIZE instructions is refused when the configuration is read (exit 2, its path).
 * - Globs (`globProblem`, `compileGlob`, `safeGlob()`): `*` (any run of characters, `/` and `:`
 *   included), `?`, `[abc]`, `[a-z]`, `[!a]`, `{a,b}` and `\` escapes. `compileGlob` matches in time
 *   proportional to pattern × input (no regex at all), so any valid glob is safe; a malformed one
 *   (unclosed `[` or `{`, a reversed range, extglob syntax) is refused.
 *
 * Why re2js rather than re2-wasm: re2js is plain JavaScript with no dependencies and its own types,
 * so nothing but source code is loaded where the config is validated (synchronously, in zod
 * refinements); it is maintained (2.10.0, November 2026) and reports why a pattern was refused in
 * fields (`error`, `input`), which is how a backreference or a lookaround is named below. re2-wasm
 * ships a WebAssembly build of the C++ library, has had one release (1.0.2) and takes patterns only in
 * unicode mode (`u`). Its faster matcher buys nothing here: names are at most a few hundred characters.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import { z } from 'zod';

export const MAX_PATTERN_LENGTH = 1000;

/**
 * Largest RE2 program accepted. Matching time is linear in name length × program size; `a{1000}` is
 * 2 000 instructions, the rules' default patterns under 100. Measured: a 3 200-instruction pattern of
 * Unicode classes takes 175 ms for 1 000 names of 250 characters, 0.4 s for one 1 MB name.
 */
export const MAX_PROGRAM_SIZE = 5000;

// ---------------------------------------------------------------------------------------------
// Regular expressions

/** A compiled user regular expression; `test` finds a match anywhere in the value, as RegExp.test does. */
export interface UserRegex {
  readonly source: string;
  readonly flags: string;
  test(value: string): boolean;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

const RE2_SYNTAX = 'https://github.com/google/re2/wiki/Syntax';

class RegexRefused extends Error {}

function compileRe2(source: string, flags: string): RE2JS {
  if (source.length > MAX_PATTERN_LENGTH) throw new RegexRefused(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  let bits = 0;
  for (const f of flags) {
    if (FLAG_BITS[f] === undefined) throw new Error(`unsupported regular expression flag "${f}"`);
    bits |= FLAG_BITS[f]!;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, bits);
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) throw new RegexRefused(`is not a valid RE2 regular expression (${(err as Error).message})`);
    const input = err.input ?? '';
    if (err.error === 'invalid escape sequence' && /^\\[1-9k]/.test(input))
      throw new RegexRefused(`uses a backreference (${input}): not supported, patterns are matched by RE2 in linear time (${RE2_SYNTAX})`);
    const look = /^\(\?<?[=!]/.exec(input);
    if (look && (err.error === 'invalid or unsupported Perl syntax' || err.error === 'invalid named capture'))
      throw new RegexRefused(`uses lookahead or lookbehind (${look[0]}): not supported, patterns are matched by RE2 in linear time (${RE2_SYNTAX})`);
    if (err.error === 'expression too large') throw new RegexRefused(`is too large (an RE2 program over ${MAX_PROGRAM_SIZE} instructions)`);
    throw new RegexRefused(`is not a valid RE2 regular expression (${err.error}${input ? `: ${input.slice(0, 40)}` : ''})`);
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) throw new RegexRefused(`is too large (an RE2 program of ${size} instructions, at most ${MAX_PROGRAM_SIZE}): use smaller repeat counts`);
  return re;
}

/**
 * Why a regular expression from the configuration is refused, or undefined when it is accepted (any
 * accepted pattern runs in linear time). Flags: "i" (case-insensitive), "m", "s" as in RegExp.
 */
export function regexProblem(source: string, flags = ''): string | undefined {
  try {
    compileRe2(source, flags);
    return undefined;
  } catch (err) {
    if (err instanceof RegexRefused) return err.message;
    throw err;
  }
}

/** A user regular expression, matched by RE2; throws (with regexProblem's reason) on a refused one. */
export function compileRegex(source: string, flags = ''): UserRegex {
  let re: RE2JS;
  try {
    re = compileRe2(source, flags);
  } catch (err) {
    if (err instanceof RegexRefused) throw new Error(`regular expression ${JSON.stringify(source)} ${err.message}`);
    throw err;
  }
  return { source, flags, test: (value) => re.test(value) };
}

/** A zod string option holding a regular expression that RE2 accepts (see regexProblem); match it with compileRegex. */
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
