/**
 * An HTTP proxy on 127.0.0.1 that sits between SDK v3 clients and moto: it forwards every request,
 * records it as { service, operation, region, status, injected? } and, on demand, answers in place of
 * the target with a fault shaped like the real service's (throttling, access denied, 5xx, a hang, a
 * malformed body) or delays it. See test/support/README.md.
 *
 *   const proxy = await startFaultProxy({ target: moto.url });
 *   proxy.inject({ service: 'ec2', operation: 'DescribeAddresses', times: 1, fault: { kind: 'throttle' } });
 *   new EC2Client({ endpoint: proxy.url, ... });
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// ---------------------------------------------------------------------------------------------
// What a request is: service, region, operation, wire protocol

/** The wire protocols of the SDK v3 clients (each has its own error shape). */
export type Protocol = 'ec2' | 'query' | 'json' | 'rest-json' | 'rest-xml' | 's3' | 'rpc-v2-cbor';

/** The parts of a request operationOf reads; an http.IncomingMessage fits. */
export interface RequestLike {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Signing service and region from the SigV4 credential scope
 * (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ec2/aws4_request, ...`, or a
 * presigned URL's X-Amz-Credential). The service is the SIGNING name: `monitoring` for CloudWatch,
 * `elasticloadbalancing` for both ELB APIs, `sso` for SSO admin, `logs`, `access-analyzer`...
 */
export function credentialScopeOf(req: RequestLike): { service: string; region: string } {
  let scope = header(req.headers, 'authorization');
  if (!scope && req.url?.includes('X-Amz-Credential=')) scope = decodeURIComponent(/X-Amz-Credential=([^&]+)/.exec(req.url)?.[1] ?? '');
  const m = /(?:Credential=)?[^/\s,=]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(scope ?? '');
  return m ? { region: m[1], service: m[2] } : { service: 'unknown', region: '' };
}

const bodyText = (body: Buffer | string | undefined): string => (body === undefined ? '' : typeof body === 'string' ? body : body.toString('utf8'));

function splitUrl(url: string | undefined): { path: string; query: URLSearchParams } {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q < 0 ? { path: u, query: new URLSearchParams() } : { path: u.slice(0, q), query: new URLSearchParams(u.slice(q + 1)) };
}

function isForm(req: RequestLike): boolean {
  return (header(req.headers, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Services with the restXml protocol besides S3; every other REST service is restJson. */
const REST_XML = new Set(['route53', 'cloudfront']);

/** The wire protocol of a request, from its headers (and the signing service for REST). */
export function protocolOf(req: RequestLike, body?: Buffer | string): Protocol {
  const { service } = credentialScopeOf(req);
  if ((header(req.headers, 'smithy-protocol') ?? '').startsWith('rpc-v2')) return 'rpc-v2-cbor';
  if (header(req.headers, 'x-amz-target')) return 'json';
  const { query } = splitUrl(req.url);
  const action = query.has('Action') || (isForm(req) && new URLSearchParams(bodyText(body)).has('Action'));
  if (action) return service === 'ec2' ? 'ec2' : 'query';
  if (service === 's3') return 's3';
  if (REST_XML.has(service)) return 'rest-xml';
  return 'rest-json';
}

// REST routes come from the installed SDK clients' own operation schemas, so names are exact.
interface Route {
  name: string;
  method: string;
  segments: string[]; // literal, '{x}' (one segment) or '{x+}' (the rest)
  queryLiterals: [string, string | undefined][];
  score: number;
}

/** Signing name of a REST service -> its SDK v3 package. */
const REST_PACKAGES: Record<string, string> = {
  s3: '@aws-sdk/client-s3',
  route53: '@aws-sdk/client-route-53',
  cloudfront: '@aws-sdk/client-cloudfront',
  guardduty: '@aws-sdk/client-guardduty',
  'access-analyzer': '@aws-sdk/client-accessanalyzer',
  securityhub: '@aws-sdk/client-securityhub',
  savingsplans: '@aws-sdk/client-savingsplans',
  eks: '@aws-sdk/client-eks',
};

const requireCjs = createRequire(import.meta.url);
const routeCache = new Map<string, Route[]>();

function routesOf(service: string): Route[] {
  let routes = routeCache.get(service);
  if (routes) return routes;
  routes = [];
  const pkg = REST_PACKAGES[service];
  if (pkg) {
    try {
      // Operation schemas are exported as `Name$ = [9, namespace, name, { http: [method, uri, code] }, ...]`.
      const mod = requireCjs(pkg) as Record<string, unknown>;
      for (const [key, value] of Object.entries(mod)) {
        if (!key.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
        const http = (value[3] as { http?: [string, string, number] } | undefined)?.http;
        if (!http) continue;
        routes.push(parseRoute(String(value[2]), http[0], http[1]));
      }
    } catch {
      /* client not installed or a schema layout we do not know: fall back to METHOD /path */
    }
  }
  routeCache.set(service, routes);
  return routes;
}

function parseRoute(name: string, method: string, uri: string): Route {
  const q = uri.indexOf('?');
  const path = q < 0 ? uri : uri.slice(0, q);
  const segments = path.split('/').filter(Boolean);
  const queryLiterals: [string, string | undefined][] = [];
  if (q >= 0)
    for (const part of uri.slice(q + 1).split('&').filter(Boolean)) {
      const eq = part.indexOf('=');
      queryLiterals.push(eq < 0 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)]);
    }
  const literals = segments.filter((s) => !s.startsWith('{')).length;
  const greedy = segments.some((s) => s.endsWith('+}'));
  return { name, method: method.toUpperCase(), segments, queryLiterals, score: literals * 10 + queryLiterals.length * 5 + segments.length - (greedy ? 3 : 0) };
}

function routeMatches(route: Route, method: string, segments: string[], query: URLSearchParams): boolean {
  if (route.method !== method) return false;
  for (const [k, v] of route.queryLiterals) if (!query.has(k) || (v !== undefined && query.get(k) !== v)) return false;
  let i = 0;
  for (const seg of route.segments) {
    if (seg.endsWith('+}')) return i < segments.length; // greedy label: at least one segment left
    if (i >= segments.length) return false;
    if (!seg.startsWith('{') && seg !== segments[i]) return false;
    i++;
  }
  return i === segments.length;
}

function restOperation(service: string, method: string, path: string, query: URLSearchParams, host: string | undefined): string | undefined {
  let segments = path.split('/').filter(Boolean);
  if (service === 's3' && !/^[^.]+\.s3[.-]/.test(host ?? '')) {
    // No bucket in a path-style URL: an account-level call (the SDK adds x-id=ListBuckets).
    if (segments.length === 0) return method === 'GET' ? (query.get('x-id') ?? 'ListBuckets') : undefined;
    // S3 templates leave the bucket out (it is in the endpoint): drop it from a path-style request.
    segments = segments.slice(1);
  }
  let best: Route | undefined;
  for (const r of routesOf(service)) if (routeMatches(r, method, segments, query) && (!best || r.score > best.score)) best = r;
  return best?.name;
}

/**
 * The API operation a request calls, by protocol: the X-Amz-Target header (JSON protocols:
 * `Logs_20140328.DescribeLogGroups` -> DescribeLogGroups), the `/service/S/operation/Op` path of
 * Smithy RPC v2 CBOR, `Action=` in the query string or form body (query and EC2 protocols), and for
 * REST services the installed SDK client's own HTTP bindings (method + path + literal query keys such
 * as S3's `?tagging`, `?location`, `x-id=GetObject`; ListBuckets = GET /). Unknown REST requests come
 * out as `METHOD /path` (best effort).
 */
export function operationOf(req: RequestLike, body?: Buffer | string): string {
  const target = header(req.headers, 'x-amz-target');
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  const { path, query } = splitUrl(req.url);
  const cbor = /\/service\/[^/]+\/operation\/([^/?]+)/.exec(path);
  if (cbor && (header(req.headers, 'smithy-protocol') ?? '').startsWith('rpc-v2')) return decodeURIComponent(cbor[1]);
  const action = query.get('Action') ?? (isForm(req) ? new URLSearchParams(bodyText(body)).get('Action') : null);
  if (action) return action;
  const method = (req.method ?? 'GET').toUpperCase();
  const { service } = credentialScopeOf(req);
  return restOperation(service, method, path, query, header(req.headers, 'host')) ?? `${method} ${path}`;
}

// ---------------------------------------------------------------------------------------------
// Faults, shaped per protocol

export type Fault =
  | { kind: 'throttle' }
  | { kind: 'accessDenied' }
  /** A 5xx (or any status) with a protocol-shaped error body (code defaults by status), or `body` verbatim. */
  | { kind: 'status'; status: number; code?: string; body?: string }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'latency'; ms: number };

export type FaultKind = Fault['kind'];

export interface RequestRecord {
  /** SigV4 signing name (ec2, iam, s3, logs, monitoring, elasticloadbalancing...). */
  service: string;
  operation: string;
  region: string;
  /** HTTP status the client got; 0 while unanswered (a hang stays 0). */
  status: number;
  injected?: FaultKind;
  protocol: Protocol;
  method: string;
  path: string;
  /** Query API version (`Version=`), which tells ELB (2012-06-01) from ELBv2 (2015-12-01). */
  apiVersion?: string;
  /** The form parameters of a query-protocol request (STS AssumeRole's RoleArn), to match on. */
  params?: URLSearchParams;
  /**
   * The target answered 500 with an HTML page: moto's way of saying it does not implement the
   * operation (the SDK then throws a deserialization error, not a service error; see README).
   */
  notImplemented?: true;
}

type Matcher = string | RegExp;
export interface InjectRule {
  service?: Matcher;
  operation?: Matcher;
  region?: Matcher;
  /** Any other condition on the request (e.g. r.apiVersion === '2015-12-01'). */
  match?: (r: RequestRecord) => boolean;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
  fault: Fault;
}

export interface Injection {
  readonly rule: InjectRule;
  /** Requests it has been applied to. */
  readonly hits: number;
  remove(): void;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** Every request in arrival order (live array). */
  readonly requests: RequestRecord[];
  /** Adds a rule; the first rule that matches a request (in insertion order) is applied. */
  inject(rule: InjectRule): Injection;
  /** Empties the request log (injections stay). */
  clear(): void;
  /** Removes every injection. */
  clearInjections(): void;
  /** Closes the server, destroys held (hanging) sockets and pending delays. */
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Base URL of the target, e.g. moto's http://127.0.0.1:PORT. */
  target: string;
  /** Added before every request is handled (for benchmarks: a more realistic round trip). */
  latencyMs?: number;
}

interface ErrorSpec {
  status: number;
  code: string;
  message: string;
  /** Query-compatible JSON services (CloudWatch) also get the query error code in x-amzn-query-error. */
  queryCode?: string;
}

/** Error code and status of a fault, per protocol, as the real services send them. */
export function faultSpec(fault: Fault, protocol: Protocol): ErrorSpec | undefined {
  switch (fault.kind) {
    case 'throttle':
      switch (protocol) {
        case 'ec2':
          return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
        case 's3':
          return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
        case 'query':
        case 'rest-xml':
          return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
        case 'rest-json':
          return { status: 429, code: 'ThrottlingException', message: 'Rate exceeded' };
        default:
          return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded', queryCode: 'Throttling;Sender' };
      }
    case 'accessDenied': {
      const message = 'User: arn:aws:iam::123456789012:user/testing is not authorized to perform this operation';
      switch (protocol) {
        case 'ec2':
          return { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' };
        case 's3':
          return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
        case 'query':
        case 'rest-xml':
          return { status: 403, code: 'AccessDenied', message };
        case 'rest-json':
          return { status: 403, code: 'AccessDeniedException', message };
        default:
          return { status: 400, code: 'AccessDeniedException', message, queryCode: 'AccessDenied;Sender' };
      }
    }
    case 'status': {
      const unavailable = fault.status === 503;
      const code =
        fault.code ??
        (unavailable ? (protocol === 'ec2' ? 'Unavailable' : 'ServiceUnavailable') : protocol === 'ec2' || protocol === 's3' ? 'InternalError' : 'InternalFailure');
      return { status: fault.status, code, message: unavailable ? 'Service unavailable' : 'We encountered an internal error. Please try again.', queryCode: `${code};Receiver` };
    }
    default:
      return undefined;
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Minimal CBOR (RFC 8949) for a map of strings: enough for a Smithy RPC v2 CBOR error body.
function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
const cborText = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([cborHead(3, b.length), b]);
};
/** CBOR encoding of a flat string map (exported for its unit test). */
export function cborStringMap(obj: Record<string, string>): Buffer {
  const entries = Object.entries(obj);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([k, v]) => [cborText(k), cborText(v)])]);
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The HTTP response a real service of that protocol sends for this error. */
export function errorResponse(spec: ErrorSpec, protocol: Protocol, req: RequestLike): WireResponse {
  const requestId = randomUUID();
  const { status, code, message } = spec;
  const xml = (s: string): WireResponse => ({
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${s}`),
  });
  switch (protocol) {
    case 'ec2':
      return xml(`<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`);
    case 's3':
      return {
        ...xml(`<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`),
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      };
    case 'query':
    case 'rest-xml':
      return xml(
        `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    case 'rest-json':
      return {
        status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
        body: Buffer.from(JSON.stringify({ message })),
      };
    case 'json': {
      const headers: Record<string, string> = {
        'content-type': header(req.headers, 'content-type') ?? 'application/x-amz-json-1.1',
        'x-amzn-errortype': code,
        'x-amzn-requestid': requestId,
      };
      // awsQueryCompatible services (CloudWatch) map errors back to their query codes with this header.
      if (header(req.headers, 'x-amzn-query-mode') === 'true' && spec.queryCode) headers['x-amzn-query-error'] = spec.queryCode;
      return { status, headers, body: Buffer.from(JSON.stringify({ __type: code, message })) };
    }
    case 'rpc-v2-cbor':
      return {
        status,
        headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': requestId },
        body: cborStringMap({ __type: code, message }),
      };
  }
}

/** What a malformed 200 carries when the target's own body is too short to cut: garbage for that protocol. */
function garbage(protocol: Protocol): { type: string; body: Buffer } {
  switch (protocol) {
    case 'json':
    case 'rest-json':
      return { type: 'application/json', body: Buffer.from('{"truncated": [1, 2,') };
    case 'rpc-v2-cbor':
      return { type: 'application/cbor', body: Buffer.from([0xbf, 0x63, 0x61]) }; // open map, cut text
    default:
      return { type: 'text/xml', body: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Response><unclosed') };
  }
}

// ---------------------------------------------------------------------------------------------
// The proxy

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'expect', 'te', 'trailer']);

const matches = (m: Matcher | undefined, v: string) => m === undefined || (typeof m === 'string' ? m === v : m.test(v));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  if (target.protocol !== 'http:') throw new Error(`fault proxy target must be http: ${opts.target}`);
  const agent = new Agent({ keepAlive: true });
  const requests: RequestRecord[] = [];
  const rules: { rule: InjectRule; hits: number; removed: boolean }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function pickRule(rec: RequestRecord): InjectRule | undefined {
    for (const entry of rules) {
      const { rule } = entry;
      if (entry.removed) continue;
      if (!matches(rule.service, rec.service) || !matches(rule.operation, rec.operation) || !matches(rule.region, rec.region)) continue;
      if (rule.match && !rule.match(rec)) continue;
      entry.hits += 1;
      if (rule.times !== undefined && entry.hits >= rule.times) entry.removed = true;
      return rule;
    }
    return undefined;
  }

  /** Sends the request to the target; resolves with its full response. */
  function forward(req: IncomingMessage, body: Buffer): Promise<WireResponse & { rawHeaders: IncomingHttpHeaders }> {
    const headers: IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        { host: target.hostname, port: target.port || 80, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: {}, rawHeaders: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  function send(res: ServerResponse, rec: RequestRecord, status: number, headers: IncomingHttpHeaders | Record<string, string>, body: Buffer): void {
    rec.status = status;
    if (res.destroyed || res.headersSent) return;
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'content-length') out[k] = v;
    out['content-length'] = String(body.length);
    res.writeHead(status, out);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const { service, region } = credentialScopeOf(req);
    const protocol = protocolOf(req, body);
    const { path, query } = splitUrl(req.url);
    const form = isForm(req) ? new URLSearchParams(body.toString('utf8')) : undefined;
    const apiVersion = query.get('Version') ?? form?.get('Version') ?? undefined;
    const rec: RequestRecord = { service, operation: operationOf(req, body), region, status: 0, protocol, method: req.method ?? 'GET', path };
    if (apiVersion) rec.apiVersion = apiVersion;
    if (form) rec.params = form;
    requests.push(rec);
    const rule = pickRule(rec);
    if (rule) rec.injected = rule.fault.kind;
    if (opts.latencyMs) await delay(opts.latencyMs);
    if (stopped) return;
    const fault = rule?.fault;
    if (fault?.kind === 'hang') return; // never answered: the client times out, or stop() destroys the socket
    if (fault?.kind === 'latency') {
      await delay(fault.ms);
      if (stopped) return;
    }
    if (fault && fault.kind !== 'latency' && fault.kind !== 'malformed') {
      if (fault.kind === 'status' && fault.body !== undefined) {
        send(res, rec, fault.status, { 'content-type': 'text/plain' }, Buffer.from(fault.body));
        return;
      }
      const r = errorResponse(faultSpec(fault, protocol)!, protocol, req);
      send(res, rec, r.status, r.headers, r.body);
      return;
    }
    let up: Awaited<ReturnType<typeof forward>>;
    try {
      up = await forward(req, body);
    } catch (err) {
      if (stopped) return;
      send(res, rec, 502, { 'content-type': 'text/plain' }, Buffer.from(`fault proxy: target unreachable: ${(err as Error).message}`));
      return;
    }
    if (fault?.kind === 'malformed') {
      // The target's real answer cut in half (always invalid XML/JSON/CBOR), or garbage when too short.
      const g = garbage(protocol);
      const cut = up.body.length >= 16 ? up.body.subarray(0, Math.floor(up.body.length / 2)) : g.body;
      send(res, rec, 200, { ...up.rawHeaders, 'content-type': up.rawHeaders['content-type'] ?? g.type }, cut);
      return;
    }
    if (up.status === 500 && String(up.rawHeaders['content-type'] ?? '').startsWith('text/html')) rec.notImplemented = true;
    send(res, rec, up.status, up.rawHeaders, up.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${err.message}`);
      }
    });
  });
  // A held (hanging) request must not be cut by the server's own timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    inject(rule: InjectRule): Injection {
      if (rule.times !== undefined && !(rule.times >= 1)) throw new Error('inject: times must be >= 1');
      const entry = { rule, hits: 0, removed: false };
      rules.push(entry);
      return {
        rule,
        get hits() {
          return entry.hits;
        },
        remove() {
          entry.removed = true;
        },
      };
    },
    clear() {
      requests.length = 0;
    },
    clearInjections() {
      for (const r of rules) r.removed = true;
      rules.length = 0;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
