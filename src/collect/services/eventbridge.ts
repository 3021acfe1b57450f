import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { isEnabledRule } from '../../aws-model/eventbridge.js';
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

export const collectors: ServiceCollectors = {
  async rules(ctx) {
    const client = await events(ctx);
    const rules = await listRules(client);
    return Promise.all(
      rules.map(async (r) => ({
        ...r,
        Name: r.Name!,
        EventBusName: r.EventBusName ?? BUS,
        Targets: isEnabledRule(r.State) && r.EventPattern ? await listTargets(client, r.Name!) : null,
        Region: ctx.region,
        Arn: r.Arn ?? ctx.arn('events', `rule/${r.Name}`),
      })),
    );
  },
};
