import type { Rule } from '../src/rule.js';

/** Every rule, sorted by id. A test checks this list against the files under rules/. */
export const RULES: Rule[] = [];
