import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { isEnabledRule, parsePattern, patternMatches } from '../../aws-model/eventbridge.js';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';

const events = (ctx: CollectorContext) => ctx.client<EventBridgeClient>('eventbridge');
const BUS = 'default';

// EventBridge has no SDK paginators: both listings loop on NextToken.
async function listRules(client: EventBridgeClient): Promise<Rule[]> {
  const out: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListRulesCommand({ EventBusName: BUS, Limit: 100, NextToken }));
    out.push(...(page.Rules ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return out;
}

async function listTargets(client: EventBridgeClient, rule: string) {
  const out: { Id?: string; Arn?: string; RoleArn?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: BUS, Limit: 100, NextToken }));
    // Only where events go: target inputs and parameters can hold payloads that do not belong in a snapshot.
    for (const t of page.Targets ?? []) out.push({ Id: t.Id, Arn: t.Arn, ...(t.RoleArn ? { RoleArn: t.RoleArn } : {}) });
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return out;
}

type Pattern = Exclude<ReturnType<typeof parsePattern>, undefined>;

/** The part of a pattern that constrains the event source: `source` and `$or` alternatives (themselves reduced). */
function sourceOnly(p: Pattern): Pattern {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return p;
  const out: Record<string, Pattern> = {};
  if (p.source !== undefined) out.source = p.source;
  if (Array.isArray(p.$or)) out.$or = p.$or.map(sourceOnly);
  return out;
}

/**
 * Whether a rule's pattern could match an RDS event: its source constraint admits "aws.rds" (or it has
 * none). The reduced pattern is weaker than the whole, so no rule that could match is left out; an
 * unparseable pattern matches nothing (patternMatches would never credit it).
 */
export function mayMatchRdsEvents(eventPattern: string | null | undefined): boolean {
  const pattern = parsePattern(eventPattern);
  return pattern !== undefined && patternMatches(sourceOnly(pattern), { source: 'aws.rds' });
}

export const collectors: ServiceCollectors = {
  // Targets only matter to rds-failover-event-subscription (does an enabled rule deliver RDS events
  // somewhere?), so they are listed only for enabled rules whose pattern could match an RDS event.
  // A rule deleted since ListRules (ResourceNotFoundException) is gone. Any other ListTargetsByRule
  // failure fails the region: the rule's verdicts are on the RDS databases it may cover, so an error
  // scoped to the rule's ARN would let rds-failover-event-subscription fail them as "not covered".
  async rules(ctx) {
    const client = await events(ctx);
    const rules = await listRules(client);
    const out = await Promise.all(
      rules.map(async (r) => {
        let Targets = null;
        if (isEnabledRule(r.State) && mayMatchRdsEvents(r.EventPattern)) {
          try {
            Targets = await listTargets(client, r.Name!);
          } catch (err) {
            if (isNotConfigured(err, ['ResourceNotFoundException'])) return undefined;
            throw err;
          }
        }
        return {
          ...r,
          Name: r.Name!,
          EventBusName: r.EventBusName ?? BUS,
          Targets,
          Region: ctx.region,
          Arn: r.Arn ?? ctx.arn('events', `rule/${r.Name}`),
        };
      }),
    );
    return out.filter((r) => r !== undefined);
  },
};
