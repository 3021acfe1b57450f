import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, globProblem, regexProblem, safeGlob, safeRegex } from '../../src/safe-regex.js';

describe('regexProblem: configuration regexes are safe to run on any name', () => {
  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(\\w+\\s?)+$', /nested quantifiers/],
    ['^([a-z]+_?)+$', /nested quantifiers/],
    ['(x+x+)+y', /nested quantifiers/],
    ['(.*)*', /nested quantifiers/],
    ['(a|ab)+$', /alternation/],
    ['(a|a)*b', /alternation/],
    ['(a?)*', /can match nothing/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['.*.*.*.*=.*', /too slow/],
    ['([', /not a valid regular expression/],
    ['x'.repeat(1001), /longer than 1000/],
  ])('refuses %s', (pattern, why) => {
    expect(regexProblem(pattern)).toMatch(why);
  });

  it.each([
    ['^[a-z0-9]+(-[a-z0-9]+)+$', ''],
    ['^[a-z0-9]+(-[a-z0-9]+)*$', ''],
    ['^(\\w+\\.)*\\w+$', ''],
    ['(\\d+\\.)+\\d+', ''],
    ['^(?:[A-Z][a-z]+)+$', ''],
    ['^prod-[a-z]+$', ''],
    ['[a-z]{1,64}', ''],
    ['^(admin(istrator)?|ops|devops|shared|team|dev(eloper)?s?|aws|console|generic|test)$', 'i'],
    ['(svc|service|app|bot|ci|cd|deploy|jenkins|github|gitlab|terraform|automation)', 'i'],
  ])('accepts %s', (pattern, flags) => {
    expect(regexProblem(pattern, flags)).toBeUndefined();
  });

  it('what it refuses really is catastrophic (the check is not refusing at random)', () => {
    const started = Date.now();
    /(a+)+$/.test(`${'a'.repeat(20)}!`);
    expect(Date.now() - started).toBeGreaterThan(20);
  });

  it('safeRegex() is a zod option: the message says why', () => {
    expect(safeRegex('i').safeParse('^ok$').success).toBe(true);
    const bad = safeRegex().safeParse('(a+)+$');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^regular expression may backtrack catastrophically/);
  });
});

describe('globs: linear-time matching, malformed globs refused', () => {
  it.each([
    ['', /empty/],
    ['{a,b', /unclosed "\{"/],
    ['[', /unclosed "\["/],
    ['[z-a]', /reversed range/],
    ['@(a|b)', /extended glob/],
    ['abc\\', /lone/],
    ['{a}', /at least two alternatives/],
    ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', /more than 64/],
  ])('refuses %j', (glob, why) => {
    expect(globProblem(glob)).toMatch(why);
    expect(safeGlob().safeParse(glob).success).toBe(false);
  });

  it('matches ARNs: * crosses ":" and "/", braces, classes, escapes', () => {
    expect(compileGlob('arn:aws:s3:::logs-*')('arn:aws:s3:::logs-2024/x:y')).toBe(true);
    expect(compileGlob('arn:aws:{ec2,s3}:*')('arn:aws:s3:::b')).toBe(true);
    expect(compileGlob('arn:aws:{ec2,s3}:*')('arn:aws:iam::1:user/x')).toBe(false);
    expect(compileGlob('a\\*b')('a*b')).toBe(true);
    expect(compileGlob('a\\*b')('axb')).toBe(false);
    expect(compileGlob('[!a-c]x')('dx')).toBe(true);
    expect(compileGlob('[!a-c]x')('bx')).toBe(false);
    expect(compileGlob('eu-*-?')('eu-west-1')).toBe(true);
  });

  it('a glob that backtracks for minutes in a regex engine takes milliseconds', () => {
    const match = compileGlob(`${'*a'.repeat(16)}*b`);
    const started = Date.now();
    expect(match('a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('agrees with picomatch (as suppressions use it) on random globs and ARNs-like strings', () => {
    const SEP = '\u001f';
    const char = fc.constantFrom('a', 'b', ':', '/', '-');
    // `[!a]` is left out: picomatch reads it as the class {!, a}, this module as "not a" (as shells do);
    // and values are never empty: picomatch's `*` needs one character, this module's matches "" too.
    const globChar = fc.constantFrom('a', 'b', ':', '/', '-', '*', '?', '[ab]', '[^a]', '[a-b]', '{a,b:}', '\\*');
    fc.assert(
      fc.property(fc.array(globChar, { minLength: 1, maxLength: 8 }), fc.array(char, { minLength: 1, maxLength: 12 }), (parts, chars) => {
        const glob = parts.join('');
        const value = chars.join('');
        const ours = compileGlob(glob)(value);
        const theirs = picomatch(glob.replaceAll('/', SEP), { dot: true, windows: false })(value.replaceAll('/', SEP));
        return ours === theirs;
      }),
      { numRuns: 2000 },
    );
  });
});
