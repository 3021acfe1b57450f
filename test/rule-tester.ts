// RuleTester is public (aws-tips/rule-tester): it lives in src/testing/, for core rules and plugins alike.
export * from '../src/testing/rule-tester.js';
