import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'arch-app-changes-for-aws',
  section: 'misc',
  tip: 'Your application may require changes to work on AWS.',
  title: 'The application was adapted to AWS, not only lifted and shifted',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'An application built for long-lived physical servers (local state, fixed IPs, one big box, manual recovery) ' +
      'loses most of the benefit of AWS, and can be less reliable there, until it is changed.',
    checks: 'An architecture review, not an API check; the rule gives the advice as one info finding for the account.',
    remediation:
      'Pick a migration strategy per application (the "7 Rs": rehost, replatform, refactor, ...). Before or after a ' +
      'rehost, work through the related rules: app-no-server-state, ec2-servers-ephemeral and arch-multi-az-redundancy.',
    outdated: 'Still valid.',
    links: [
      'https://docs.aws.amazon.com/prescriptive-guidance/latest/large-migration-guide/migration-strategies.html',
      'https://docs.aws.amazon.com/migrationhub/latest/ug/whatishub.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: review each application migrated to AWS for assumptions of a physical environment (local state, ' +
      'fixed IPs, single large servers, manual failover); choose rehost/replatform/refactor per application. Related ' +
      'rules: app-no-server-state, ec2-servers-ephemeral, arch-multi-az-redundancy.',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'manualCheck');
  },
});
