// @ts-check
import { definePlugin } from 'aws-tips';
import bucketOwnerTag from './rules/bucket-owner-tag.js';

/** Acme's rules: `plugins: [aws-tips-plugin-acme]` in .aws-tips.yml adds them to every audit. */
export default definePlugin({
  namespace: 'acme',
  rules: [bucketOwnerTag],
});
