import * as crypto from 'node:crypto';

// The first 16 bytes of the SHA-256, in hex: the first 32 characters of the hex digest, copied into a string of their
// own. A slice of the digest would keep the whole 64-character string alive (60 MB more at a million findings held
// until the report); writing the hex from a Buffer digest costs a Buffer per finding, half the time of a key.
// crypto.hash (Node 20.12+) hashes in one call, twice as fast as createHash for a finding's few bytes.
const HALF = 32;
const codes: number[] = new Array<number>(HALF).fill(0);
function firstHalf(hex: string): string {
  for (let i = 0; i < HALF; i++) codes[i] = hex.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
const sha256Hex128: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => firstHalf(crypto.hash('sha256', text, 'hex'))
    : (text) => crypto.createHash('sha256').update(text).digest().toString('hex', 0, 16);

/**
 * A finding's identity: the account, the rule, the resource's ARN, the rule's message id and the subject
 * the rule names (the port and source of an exposure, the listener, the key, the record). Not the message
 * text and not the evidence: rewording a message or renaming an evidence key changes no key. Suppressions
 * count what they matched by it, a baseline tells new from unchanged by it, SARIF alerts and OCSF/ASFF
 * finding ids are it. A hash, so it has one length and no character a consumer must escape.
 */
export function findingKey(account: string, ruleId: string, arn: string, messageId: string, subject: string): string {
  return sha256Hex128(JSON.stringify([account, ruleId, arn, messageId, subject]));
}
