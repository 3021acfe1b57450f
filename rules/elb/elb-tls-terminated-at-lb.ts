import { z } from 'zod';
import { groupBy } from '../../src/aws-model/memo.js';
import { defineRule, fail, info, pass, warn, type ResourceLike } from '../../src/rule.js';
import type { DatasetValue } from '../../src/snapshot/registry.js';
import type { Elbv2Action } from '../../src/snapshot/services/elbv2.js';

type ListenerRule = DatasetValue<'elbv2.listenerRules'>[number];

/** TCP ports that carry TLS when passed through (HTTPS and its usual alternative). */
const TLS_PORTS = new Set([443, 8443]);

/**
 * ELBv2 predefined policies name their minimum TLS version: `...-TLS-1-2-...`, `...-FS-1-2-...`,
 * `...-TLS13-1-2-...`, `...-TLS13-1-3-...` allow TLS 1.2 or later only. Anything else (ELBSecurityPolicy-2016-08,
 * -TLS-1-1-2017-01, -FS-2018-06, -TLS13-1-0-2021-06, ...) still accepts TLS 1.0 or 1.1.
 */
export const isTls12Policy = (policy: string) => /-1-[23]-/.test(policy);

const isHttpsRedirect = (a: Elbv2Action) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS';
const is4xx = (a: Elbv2Action) => a.Type === 'fixed-response' && /^4\d\d$/.test(a.FixedResponseConfig?.StatusCode ?? '');
/** Actions that serve no content over plaintext: a redirect to HTTPS or a 4xx fixed response. */
const servesNoPlaintext = (actions: Elbv2Action[] | null | undefined) => {
  const rest = (actions ?? []).filter((a) => !a.Type?.startsWith('authenticate-'));
  return rest.length > 0 && rest.every((a) => isHttpsRedirect(a) || is4xx(a));
};
const actionsLabel = (actions: Elbv2Action[] | null | undefined) =>
  (actions ?? []).map((a) => (a.Type === 'fixed-response' ? `fixed-response ${a.FixedResponseConfig?.StatusCode ?? ''}` : a.Type === 'redirect' ? `redirect to ${a.RedirectConfig?.Protocol ?? '?'}` : a.Type)).join(' + ') || 'none';
/** A rule every request matches: only path-pattern conditions matching everything. */
const matchesAll = (r: ListenerRule) =>
  (r.Conditions ?? []).length > 0 &&
  (r.Conditions ?? []).every((c) => c.Field === 'path-pattern' && [...(c.Values ?? []), ...(c.PathPatternConfig?.Values ?? [])].some((v) => v === '*' || v === '/*'));

/** Why an HTTP listener serves plaintext content, walking its rules in priority order; undefined when it does not. */
function plaintextServed(defaultActions: Elbv2Action[] | null | undefined, rules: ListenerRule[]): string | undefined {
  for (const r of [...rules].filter((r) => !r.IsDefault).sort((a, b) => Number(a.Priority) - Number(b.Priority))) {
    if (!servesNoPlaintext(r.Actions)) return `rule ${r.Priority}: ${actionsLabel(r.Actions)}`;
    if (matchesAll(r)) return undefined; // the default action is never reached
  }
  return servesNoPlaintext(defaultActions) ? undefined : `default action: ${actionsLabel(defaultActions)}`;
}

export default defineRule({
  id: 'elb-tls-terminated-at-lb',
  section: 'elb',
  tip: 'Terminate SSL on the load balancer.',
  title: 'Web-facing load balancers terminate TLS and serve no plaintext HTTP',
  kind: 'automatic',
  severity: 'medium',
  needs: ['elbv2.loadBalancers', 'elbv2.listeners', 'elbv2.listenerRules', 'elb.loadBalancers'],
  options: z.object({
    /** Also check internal load balancers (default: internet-facing only). */
    includeInternal: z.boolean().default(false),
    /** Accept NLB TCP pass-through on 443/8443 (end-to-end TLS or mTLS on the targets). */
    nlbPassThroughAllowed: z.boolean().default(false),
  }),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'ELB.1', coverage: 'partial',
      note: 'Internet-facing ALBs only by default; a 4xx fixed response on HTTP also passes.',
    },
    {
      framework: 'aws-fsbp', control: 'ELB.3', coverage: 'partial',
      note: 'A Classic LB with both HTTP and HTTPS listeners passes; TCP 443 is a low WARN.',
    },
    {
      framework: 'aws-well-architected', control: 'SEC09-BP02', coverage: 'partial',
      note: 'Checks TLS at internet-facing load balancers only.',
    },
  ],
  docs: {
    rationale:
      'Terminating TLS on the load balancer takes the work and the certificates off the servers, and an HTTPS ' +
      'listener (unlike TCP pass-through) adds X-Forwarded-For/Proto, so the application knows the client.',
    checks:
      'Internet-facing load balancers (all with `includeInternal`). ALB: needs an HTTPS listener, and every HTTP ' +
      'listener must serve no plaintext: its default action and every rule reached before a catch-all rule must ' +
      'redirect to HTTPS or return a 4xx fixed response, else FAIL medium; an ALB whose only listeners redirect or ' +
      'refuse is INFO. NLB: a TLS listener passes; TCP on 443/8443 is TLS passed through to targets, WARN low unless ' +
      '`nlbPassThroughAllowed`; UDP, TCP_UDP, QUIC and TCP_QUIC are not applicable. Classic: HTTPS/SSL listeners ' +
      'terminate TLS; TCP on 443/8443 is WARN low; HTTP with no HTTPS/SSL listener is FAIL medium. Gateway Load ' +
      'Balancers are not applicable. Re-encryption to targets is never flagged. INFO when an HTTPS/TLS listener uses ' +
      'a security policy that still accepts TLS 1.0/1.1 (policy names without 1-2/1-3 as minimum version).',
    remediation:
      'Add an HTTPS listener with an ACM certificate and a TLS 1.2+ policy, and make the HTTP listener redirect to it. ' +
      'On an NLB use a TLS listener (or an ALB) unless the targets must see the client TLS session.',
    cli:
      "aws elbv2 modify-listener --listener-arn <http-listener> --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
    outdated:
      'Still valid. ACM (2016) made public certificates free and self-renewing, removing the certificate upload ' +
      'friction; re-encrypting to targets is fine and often required for compliance.',
    links: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-tls-listener.html',
    ],
  },
  messages: {
    plaintext: '{{name}}: {{problems}}',
    passThrough: '{{name}}: {{problems}}',
    terminates: '{{name}}: {{listeners}}',
    weakTlsPolicy: '{{name}}: {{protocol}} :{{port}} uses {{policy}}, which still accepts TLS 1.0/1.1; consider ELBSecurityPolicy-TLS13-1-2-2021-06',
    redirectOnly: '{{name}} has no HTTPS listener, but its HTTP listeners only redirect to HTTPS or refuse: TLS is terminated wherever they point',
  },
  *check({ elbv2, elb }, { options }) {
    const inScope = (scheme: string | null | undefined) => options.includeInternal || scheme !== 'internal';
    const verdict = function* (lb: ResourceLike, name: string, fails: string[], warns: string[], oks: string[], evidence: Record<string, unknown>) {
      if (fails.length) yield fail(lb, 'plaintext', { name, problems: [...fails, ...warns].join('; ') }, { evidence });
      else if (warns.length) yield warn(lb, 'passThrough', { name, problems: warns.join('; ') }, { severity: 'low', evidence });
      else if (oks.length) yield pass(lb, 'terminates', { name, listeners: oks.join('; ') }, { evidence });
    };

    for (const lb of elbv2.loadBalancers) {
      if (!inScope(lb.Scheme) || (lb.Type !== 'application' && lb.Type !== 'network')) continue; // gateway: n/a
      const name = `${lb.Type === 'application' ? 'ALB' : 'NLB'} ${lb.LoadBalancerName ?? lb.LoadBalancerArn}`;
      const listeners = groupBy(elbv2.listeners, 'LoadBalancerArn', (l) => l.LoadBalancerArn).get(lb.LoadBalancerArn) ?? [];
      const evidence = { Scheme: lb.Scheme ?? null, listeners: listeners.map((l) => `${l.Protocol}:${l.Port}`) };
      const fails: string[] = [], warns: string[] = [], oks: string[] = [];
      const terminating = listeners.filter((l) => l.Protocol === (lb.Type === 'application' ? 'HTTPS' : 'TLS'));
      for (const l of terminating) {
        oks.push(`${l.Protocol} :${l.Port} terminates TLS`);
        if (l.SslPolicy && !isTls12Policy(l.SslPolicy))
          yield info(lb, 'weakTlsPolicy', { name, protocol: l.Protocol, port: l.Port, policy: l.SslPolicy }, { subject: l.ListenerArn, evidence: { SslPolicy: l.SslPolicy } });
      }
      if (lb.Type === 'application') {
        const http = listeners.filter((l) => l.Protocol === 'HTTP');
        for (const l of http) {
          const why = plaintextServed(l.DefaultActions, groupBy(elbv2.listenerRules, 'ListenerArn', (r) => r.ListenerArn).get(l.ListenerArn) ?? []);
          if (why) fails.push(`HTTP :${l.Port} serves plaintext (${why})`);
          else oks.push(`HTTP :${l.Port} redirects to HTTPS or refuses`);
        }
        if (terminating.length === 0 && http.length > 0) {
          if (fails.length) fails.unshift('no HTTPS listener');
          else {
            yield info(lb, 'redirectOnly', { name }, { evidence });
            continue;
          }
        }
      } else {
        for (const l of listeners.filter((l) => l.Protocol === 'TCP' && TLS_PORTS.has(l.Port ?? -1))) {
          if (options.nlbPassThroughAllowed) oks.push(`TCP :${l.Port} passes TLS through to targets (allowed by nlbPassThroughAllowed)`);
          else warns.push(`TCP :${l.Port} passes TLS through, so it is terminated on the targets; consider a TLS listener (or an ALB) unless end-to-end TLS/mTLS is required`);
        }
      }
      yield* verdict(lb, name, fails, warns, oks, evidence);
    }

    for (const lb of elb.loadBalancers) {
      if (!inScope(lb.Scheme)) continue;
      const name = `Classic LB ${lb.LoadBalancerName}`;
      const listeners = (lb.ListenerDescriptions ?? []).flatMap((d) => (d.Listener ? [d.Listener] : []));
      const proto = (p: string | null | undefined) => (p ?? '').toUpperCase();
      const evidence = { Scheme: lb.Scheme ?? null, listeners: listeners.map((l) => `${proto(l.Protocol)}:${l.LoadBalancerPort}->${proto(l.InstanceProtocol)}:${l.InstancePort}`) };
      const fails: string[] = [], warns: string[] = [], oks: string[] = [];
      const terminating = listeners.filter((l) => ['HTTPS', 'SSL'].includes(proto(l.Protocol)));
      for (const l of terminating) oks.push(`${proto(l.Protocol)} :${l.LoadBalancerPort} terminates TLS`);
      for (const l of listeners.filter((l) => proto(l.Protocol) === 'TCP' && TLS_PORTS.has(l.LoadBalancerPort ?? -1)))
        warns.push(`TCP :${l.LoadBalancerPort} passes TLS through to the instances (no X-Forwarded-For); use an HTTPS or SSL listener`);
      const http = listeners.filter((l) => proto(l.Protocol) === 'HTTP');
      if (http.length && terminating.length === 0) fails.push(`HTTP :${http.map((l) => l.LoadBalancerPort).join(', :')} serves plaintext and there is no HTTPS/SSL listener`);
      else if (http.length) oks.push(`HTTP :${http.map((l) => l.LoadBalancerPort).join(', :')} also open (a Classic LB cannot redirect; the application must)`);
      yield* verdict(lb, name, fails, warns, oks, evidence);
    }
  },
});
