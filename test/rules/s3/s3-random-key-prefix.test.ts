import { expect, it } from 'vitest';
import rule from '../../../rules/s3/s3-random-key-prefix.js';
import { RuleTester } from '../../rule-tester.js';

it('is off by default (obsolete tip)', () => {
  expect(rule.enabledByDefault).toBe(false);
  expect(rule.docs.outdated).toMatch(/Obsolete since 17 July 2018/);
});

RuleTester.run(rule, {
  valid: [{ name: 'obsolete: never a verdict', notApplicable: true, snapshot: {} }],
  invalid: [
    {
      name: 'when enabled, one info finding says why it is obsolete',
      snapshot: {},
      findings: [{ status: 'info', resource: '123456789012', message: /Obsolete since 17 July 2018: .*3,500 .*5,500 .*randomise/ }],
    },
  ],
});
