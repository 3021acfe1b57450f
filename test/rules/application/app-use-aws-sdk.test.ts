import rule from '../../../rules/application/app-use-aws-sdk.js';
import { RuleTester } from '../../rule-tester.js';

RuleTester.run(rule, {
  valid: [{ name: 'manual: only advice, never a verdict', notApplicable: true, snapshot: {} }],
  invalid: [
    {
      name: 'one info finding for the account with the advice',
      snapshot: {},
      findings: [{ status: 'info', messageId: 'manualCheck', severity: 'info', resource: '123456789012', region: 'global', message: /official SDK/ }],
    },
  ],
});
