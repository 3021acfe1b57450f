import { describe, expect, it } from 'vitest';
import rule, { isTls12Policy } from '../../../rules/elb/elb-tls-terminated-at-lb.js';
import { RuleTester } from '../../rule-tester.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
const lb = (name: string, Type = 'application', Scheme = 'internet-facing') => {
  const kind = Type === 'application' ? 'app' : Type === 'network' ? 'net' : 'gwy';
  const arn = `${ARN}:loadbalancer/${kind}/${name}/1`;
  return { LoadBalancerArn: arn, Arn: arn, LoadBalancerName: name, Type, Scheme, State: { Code: 'active' } };
};
const listener = (name: string, Protocol: string, Port: number, extra: Record<string, unknown> = {}) => {
  const kind = extra.kind ?? 'app';
  const arn = `${ARN}:listener/${kind}/${name}/1/${Protocol}${Port}`;
  const { kind: _k, ...rest } = extra;
  return { ListenerArn: arn, Arn: arn, LoadBalancerArn: `${ARN}:loadbalancer/${kind}/${name}/1`, Protocol, Port, ...rest };
};
const https = (name: string, SslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06') =>
  listener(name, 'HTTPS', 443, { SslPolicy, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }], DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }] });
const redirect = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const forward = { Type: 'forward', TargetGroupArn: 'tg' };
const http = (name: string, DefaultActions: object[]) => listener(name, 'HTTP', 80, { DefaultActions });
const rule_ = (name: string, Priority: string, Actions: object[], Conditions: object[]) => ({
  RuleArn: `${ARN}:listener-rule/app/${name}/1/HTTP80/${Priority}`,
  Arn: `${ARN}:listener-rule/app/${name}/1/HTTP80/${Priority}`,
  ListenerArn: `${ARN}:listener/app/${name}/1/HTTP80`,
  Priority,
  IsDefault: false,
  Actions,
  Conditions,
});
const path = (...v: string[]) => ({ Field: 'path-pattern', PathPatternConfig: { Values: v } });
const classic = (name: string, listeners: [string, number, string, number][], Scheme = 'internet-facing') => ({
  LoadBalancerName: name,
  Scheme,
  ListenerDescriptions: listeners.map(([Protocol, LoadBalancerPort, InstanceProtocol, InstancePort]) => ({
    Listener: { Protocol, LoadBalancerPort, InstanceProtocol, InstancePort },
    PolicyNames: [],
  })),
});

describe('isTls12Policy', () => {
  it.each([
    ['ELBSecurityPolicy-TLS13-1-2-2021-06', true],
    ['ELBSecurityPolicy-TLS13-1-3-2021-06', true],
    ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', true],
    ['ELBSecurityPolicy-FS-1-2-Res-2020-10', true],
    ['ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', true],
    ['ELBSecurityPolicy-2016-08', false],
    ['ELBSecurityPolicy-TLS-1-1-2017-01', false],
    ['ELBSecurityPolicy-FS-2018-06', false],
    ['ELBSecurityPolicy-TLS13-1-0-2021-06', false],
    ['ELBSecurityPolicy-TLS13-1-1-2021-06', false],
  ])('%s -> %s', (p, ok) => expect(isTls12Policy(p)).toBe(ok));
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'ALB: HTTPS plus HTTP redirecting to HTTPS in its default action',
      snapshot: { elbv2: { loadBalancers: [lb('web')], listeners: [https('web'), http('web', [redirect])] } },
    },
    {
      name: 'ALB: HTTP default forwards, but a catch-all rule (/*) redirects to HTTPS first',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('web')],
          listeners: [https('web'), http('web', [forward])],
          listenerRules: [rule_('web', '1', [redirect], [path('/*')])],
        },
      },
    },
    {
      name: 'ALB: HTTP listener with a fixed-response 4xx only, and a host rule redirecting',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('web')],
          listeners: [https('web'), http('web', [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }])],
          listenerRules: [rule_('web', '5', [redirect], [{ Field: 'host-header', Values: ['app.example.com'] }])],
        },
      },
    },
    {
      name: 'internal load balancers are skipped by default',
      notApplicable: true,
      snapshot: {
        elbv2: { loadBalancers: [lb('int', 'application', 'internal')], listeners: [http('int', [forward])] },
        elb: { loadBalancers: [classic('int-classic', [['HTTP', 80, 'HTTP', 80]], 'internal')] },
      },
    },
    {
      name: 'Gateway Load Balancer (GENEVE) and NLB UDP/TCP_UDP/QUIC/TCP_QUIC listeners are not applicable',
      notApplicable: true,
      snapshot: {
        elbv2: {
          loadBalancers: [lb('gw', 'gateway'), lb('dns', 'network')],
          listeners: [
            listener('gw', 'GENEVE', 6081, { kind: 'gwy' }),
            listener('dns', 'UDP', 53, { kind: 'net' }),
            listener('dns', 'TCP_UDP', 443, { kind: 'net' }),
            listener('dns', 'QUIC', 443, { kind: 'net' }),
            listener('dns', 'TCP_QUIC', 8443, { kind: 'net' }),
          ],
        },
      },
    },
    {
      name: 'NLB with a TLS listener; NLB TCP :443 pass-through allowed by option',
      options: { nlbPassThroughAllowed: true },
      snapshot: {
        elbv2: {
          loadBalancers: [lb('tls', 'network'), lb('pt', 'network')],
          listeners: [listener('tls', 'TLS', 443, { kind: 'net', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }), listener('pt', 'TCP', 443, { kind: 'net' })],
        },
      },
    },
    {
      name: 'Classic: HTTPS re-encrypting to HTTPS instances (never flagged), and HTTPS plus HTTP',
      snapshot: {
        elb: {
          loadBalancers: [
            classic('reenc', [['HTTPS', 443, 'HTTPS', 443]]),
            classic('both', [['HTTPS', 443, 'HTTP', 80], ['HTTP', 80, 'HTTP', 80]]),
            classic('ssl', [['SSL', 443, 'TCP', 8080]]),
          ],
        },
      },
    },
    {
      name: 'ALB without HTTPS whose HTTP listener only redirects: INFO, not a failure',
      notApplicable: true,
      snapshot: { elbv2: { loadBalancers: [lb('redir')], listeners: [http('redir', [{ ...redirect, RedirectConfig: { Protocol: 'HTTPS', Host: 'www.example.com' } }])] } },
    },
  ],
  invalid: [
    {
      name: 'ALB with only a forwarding HTTP listener fails medium',
      snapshot: { elbv2: { loadBalancers: [lb('plain')], listeners: [http('plain', [forward])] } },
      findings: [{ status: 'fail', severity: 'medium', resource: 'plain', message: 'ALB plain: no HTTPS listener; HTTP :80 serves plaintext (default action: forward)' }],
    },
    {
      name: 'ALB with HTTPS but an HTTP listener that forwards fails',
      snapshot: { elbv2: { loadBalancers: [lb('web')], listeners: [https('web'), http('web', [forward])] } },
      findings: [{ status: 'fail', severity: 'medium', resource: 'web', message: 'HTTP :80 serves plaintext' }],
    },
    {
      name: 'ALB: default redirects but a rule forwards /api in plaintext',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('web')],
          listeners: [https('web'), http('web', [redirect])],
          listenerRules: [rule_('web', '10', [forward], [path('/api/*')])],
        },
      },
      findings: [{ status: 'fail', resource: 'web', message: 'rule 10: forward' }],
    },
    {
      name: 'ALB: a plaintext rule before a catch-all redirect still serves plaintext',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('web')],
          listeners: [https('web'), http('web', [forward])],
          listenerRules: [rule_('web', '20', [redirect], [path('*')]), rule_('web', '3', [forward], [path('/health')])],
        },
      },
      findings: [{ status: 'fail', resource: 'web', message: 'rule 3: forward' }],
    },
    {
      name: 'ALB: a redirect rule that is not catch-all leaves the forwarding default action reachable',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('web')],
          listeners: [https('web'), http('web', [forward])],
          listenerRules: [rule_('web', '1', [redirect], [{ Field: 'host-header', Values: ['app.example.com'] }]), rule_('web', '2', [redirect], [path('/app/*')])],
        },
      },
      findings: [{ status: 'fail', resource: 'web', message: 'default action: forward' }],
    },
    {
      name: 'ALB: fixed-response 200 and a redirect keeping the protocol serve plaintext',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('a'), lb('b')],
          listeners: [
            https('a'),
            http('a', [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }]),
            https('b'),
            http('b', [{ Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Host: 'www.example.com' } }]),
          ],
        },
      },
      findings: [
        { status: 'fail', resource: 'a', message: 'fixed-response 200' },
        { status: 'fail', resource: 'b', message: 'redirect to #{protocol}' },
      ],
    },
    {
      name: 'includeInternal evaluates internal load balancers',
      options: { includeInternal: true },
      snapshot: { elbv2: { loadBalancers: [lb('int', 'application', 'internal')], listeners: [http('int', [forward])] } },
      findings: [{ status: 'fail', resource: 'int' }],
    },
    {
      name: 'NLB TCP pass-through on 443 and 8443 warns low',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('pt', 'network')],
          listeners: [listener('pt', 'TCP', 443, { kind: 'net' }), listener('pt', 'TCP', 8443, { kind: 'net' }), listener('pt', 'TCP', 5432, { kind: 'net' })],
        },
      },
      findings: [{ status: 'warn', severity: 'low', resource: 'pt', message: /TCP :443 passes TLS through.*TCP :8443/ }],
    },
    {
      name: 'weak TLS policy is INFO only (the load balancer still passes)',
      snapshot: { elbv2: { loadBalancers: [lb('old')], listeners: [https('old', 'ELBSecurityPolicy-2016-08'), http('old', [redirect])] } },
      findings: [{ status: 'info', messageId: 'weakTlsPolicy', resource: 'old', message: 'ELBSecurityPolicy-2016-08, which still accepts TLS 1.0/1.1' }],
      passes: ['old'],
    },
    {
      name: 'two HTTPS listeners with weak policies on one load balancer: one INFO each (the listener is the subject)',
      snapshot: {
        elbv2: {
          loadBalancers: [lb('two')],
          listeners: [https('two', 'ELBSecurityPolicy-2016-08'), listener('two', 'HTTPS', 8443, { SslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01', DefaultActions: [forward] })],
        },
      },
      findings: [
        { status: 'info', messageId: 'weakTlsPolicy', resource: 'two', message: 'HTTPS :443 uses ELBSecurityPolicy-2016-08' },
        { status: 'info', messageId: 'weakTlsPolicy', resource: 'two', message: 'HTTPS :8443 uses ELBSecurityPolicy-TLS-1-1-2017-01' },
      ],
      passes: ['two'],
    },
    {
      name: 'Classic: HTTP with no HTTPS/SSL fails medium; TCP :443 warns low',
      snapshot: {
        elb: {
          loadBalancers: [classic('plain', [['HTTP', 80, 'HTTP', 80]]), classic('tcp', [['TCP', 443, 'TCP', 443]]), classic('ok', [['HTTPS', 443, 'HTTP', 80]])],
        },
      },
      findings: [
        { status: 'fail', severity: 'medium', resource: 'plain', message: 'Classic LB plain: HTTP :80 serves plaintext and there is no HTTPS/SSL listener' },
        { status: 'warn', severity: 'low', resource: 'tcp', message: 'TCP :443 passes TLS through' },
      ],
      passes: ['ok'],
    },
  ],
});
