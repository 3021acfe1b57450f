/**
 * Preload for a CLI run that must not reach the internet even when the code under test is wrong
 * (a call meant for the emulator that goes to the real sts.amazonaws.com instead):
 *
 *   NODE_OPTIONS="--require /path/to/test/support/offline.cjs"
 *
 * Every host name but localhost fails to resolve at once (ENOTFOUND), as on a machine without DNS,
 * so no request leaves 127.0.0.1. IP addresses do not go through the resolver; tests use 127.0.0.1.
 */
'use strict';
const dns = require('node:dns');

const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);

function refuse(hostname) {
  const err = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  err.errno = -3008;
  err.syscall = 'getaddrinfo';
  err.hostname = hostname;
  return err;
}

const lookup = dns.lookup;
dns.lookup = function offlineLookup(hostname, options, callback) {
  if (LOCAL.has(hostname)) return lookup.apply(this, arguments);
  const cb = typeof options === 'function' ? options : callback;
  process.nextTick(() => cb(refuse(hostname)));
  return {};
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function offlinePromisesLookup(hostname, ...rest) {
  if (LOCAL.has(hostname)) return promisesLookup.call(this, hostname, ...rest);
  return Promise.reject(refuse(hostname));
};
