import { z } from 'zod';
import {
  canonicalIp,
  classifyAwsTarget,
  cnameTarget,
  decodeRecordName,
  domainMatches,
  isApex,
  loadBalancerAddresses,
  normalizeHost,
} from '../../src/aws-model/route53.js';
import { defineRule, fail, info, pass } from '../../src/rule.js';

export default defineRule({
  id: 'route53-alias-over-cname',
  section: 'route53',
  tip: 'Use ALIAS records.',
  title: 'Route 53 records point at AWS resources with ALIAS, not CNAME or literal IPs',
  kind: 'automatic',
  severity: 'low',
  needs: ['route53.recordSets', 'cloudfront.distributions', 'ec2.networkInterfaces'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'An ALIAS record resolves straight to the AWS resource: Route 53 answers alias queries to AWS resources for ' +
      'free (CNAME queries are billed), follows the target as its addresses change, can evaluate its health, and ' +
      'works at the zone apex, where a CNAME is not allowed.',
    checks:
      'Every plain CNAME whose target is an alias-capable AWS endpoint fails: Classic/Application/Network Load ' +
      'Balancers, CloudFront, S3 website endpoints (only when the record name equals the bucket name, else INFO), ' +
      'API Gateway regional custom domains, region-qualified Elastic Beanstalk environments, Global Accelerator, VPC ' +
      'interface endpoints, and A/AAAA records of the same zone (an ALIAS replacing a CNAME answers address queries; ' +
      'a name with only TXT, MX, NS or other records is no address target). A CNAME to a CloudFront distribution ' +
      'of this account that lacks the record name among its alternate domain names is INFO (fix that first). A/AAAA ' +
      'records holding literal addresses of an ALB or Classic load balancer fail (those addresses change); of an ' +
      'NLB, INFO. ALIAS records and CNAMEs to anything else pass; legacy Elastic Beanstalk names and S3 REST ' +
      'endpoints cannot be aliased (INFO for S3: front it with CloudFront). Private zones are checked the same way.',
    remediation:
      'Replace the CNAME with an A (and AAAA) ALIAS record to the same target, keeping any routing policy ' +
      '(weighted, latency, failover) and set identifier: delete the CNAME and create the alias in one change batch.',
    cli: 'aws route53 change-resource-record-sets --hosted-zone-id <zone> --change-batch file://cname-to-alias.json',
    outdated:
      'Still valid: alias queries to AWS resources are free and CNAMEs still cannot sit at the zone apex. The list ' +
      'of alias targets grew (API Gateway, Global Accelerator, VPC endpoints, other records).',
    links: [
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html',
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias.html',
    ],
  },
  messages: {
    alias: '{{name}} {{type}} is an ALIAS to {{target}}',
    staticLbAddresses: '{{name}} {{type}} lists static addresses of {{lbType}} load balancer {{lb}}{{at}}: they hold, but an ALIAS is free and health-aware',
    lbAddresses:
      '{{name}} {{type}} hard-codes addresses of {{lbType}} load balancer {{lb}}{{at}}: they change as it scales, so the record will break; use an ALIAS',
    s3Rest:
      '{{name}} is a CNAME to the S3 REST endpoint {{target}}, which cannot be an alias target: serve it through CloudFront (HTTPS on your name) and alias that',
    notAliasable: '{{name}} is a CNAME to {{target}}, a {{label}}: Route 53 cannot alias it',
    s3WebsiteName: '{{name}} is a CNAME to S3 website {{target}}: an alias needs the record name to equal the bucket name ({{bucket}})',
    cloudfrontAliasMissing:
      '{{name}} is a CNAME to CloudFront distribution {{distribution}}, which does not list {{name}} as an alternate domain name: add it, then use an ALIAS',
    cnameToAws: '{{name}} is a CNAME to {{label}} {{target}}: make it an ALIAS ({{why}})',
    cnameSameZone: '{{name}} is a CNAME to {{target}} in the same zone: an {{types}} ALIAS to that record answers in one step ({{why}})',
    cnameElsewhere: '{{name}} is a CNAME to {{target}}, which is not an alias-capable AWS endpoint',
  },
  *check({ route53, cloudfront, ec2 }) {
    const dists = new Map(cloudfront.distributions.filter((d) => d.DomainName).map((d) => [normalizeHost(d.DomainName!), d]));
    const lbIps = loadBalancerAddresses(ec2.networkInterfaces);
    // Same-zone names an A/AAAA ALIAS could point at instead of the CNAME: an alias has the type of its target,
    // and what a CNAME is replaced with must answer address queries.
    const addressTypes = new Map<string, Set<string>>();
    for (const r of route53.recordSets) {
      if (r.Type !== 'A' && r.Type !== 'AAAA') continue;
      const key = `${r.HostedZoneId}|${decodeRecordName(r.Name)}`;
      (addressTypes.get(key) ?? addressTypes.set(key, new Set()).get(key)!).add(r.Type);
    }
    for (const r of route53.recordSets) {
      const name = decodeRecordName(r.Name);
      const evidence = { name, type: r.Type, zone: r.ZoneName, privateZone: r.PrivateZone, setIdentifier: r.SetIdentifier ?? null };
      const why = `alias queries are free, follow the target's addresses and health${r.PrivateZone ? ' (private zone: the cost saving is smaller)' : ''}${r.SetIdentifier ? '; keep the routing policy and set identifier on the alias' : ''}`;
      if (r.AliasTarget?.DNSName) {
        yield pass(r, 'alias', { name, type: r.Type, target: normalizeHost(r.AliasTarget.DNSName) }, { evidence });
        continue;
      }
      if (r.Type === 'A' || r.Type === 'AAAA') {
        const hits = (r.ResourceRecords ?? []).flatMap((v) => {
          const lb = v.Value ? lbIps.get(canonicalIp(v.Value) ?? '') : undefined;
          return lb ? [{ ip: v.Value!, ...lb }] : [];
        });
        if (hits.length === 0) continue;
        const lb = hits.find((h) => !h.stable) ?? hits[0]!;
        const at = isApex(r) ? ' at the zone apex, where only an ALIAS can follow a load balancer' : '';
        const ev = { ...evidence, addresses: hits.map((h) => h.ip), loadBalancer: lb.name, loadBalancerType: lb.type };
        const data = { name, type: r.Type, lbType: lb.type, lb: lb.name, at };
        yield lb.stable ? info(r, 'staticLbAddresses', data, { evidence: ev }) : fail(r, 'lbAddresses', data, { evidence: ev });
        continue;
      }
      const target = cnameTarget(r);
      if (!target) continue;
      const ev = { ...evidence, target };
      const aws = classifyAwsTarget(target);
      if (aws && !aws.aliasable) {
        yield aws.kind === 's3-rest'
          ? info(r, 's3Rest', { name, target }, { evidence: ev })
          : pass(r, 'notAliasable', { name, target, label: aws.label }, { evidence: ev });
      } else if (aws?.kind === 's3-website' && aws.bucket !== name) {
        yield info(r, 's3WebsiteName', { name, target, bucket: aws.bucket }, { evidence: ev });
      } else if (aws?.kind === 'cloudfront' && dists.has(target) && !(dists.get(target)!.Aliases?.Items ?? []).some((a) => domainMatches(a, name))) {
        yield info(r, 'cloudfrontAliasMissing', { name, distribution: dists.get(target)!.Id }, { evidence: ev });
      } else if (aws) {
        yield fail(r, 'cnameToAws', { name, label: aws.label, target, why }, { evidence: { ...ev, targetKind: aws.kind } });
      } else if (addressTypes.has(`${r.HostedZoneId}|${target}`)) {
        const types = [...addressTypes.get(`${r.HostedZoneId}|${target}`)!].sort();
        yield fail(r, 'cnameSameZone', { name, target, types: types.join('/'), why }, { evidence: { ...ev, targetKind: 'same-zone', targetTypes: types } });
      } else {
        yield pass(r, 'cnameElsewhere', { name, target }, { evidence: ev });
      }
    }
  },
});
