/**
 * RDS event subscriptions against the databases whose failover events they should deliver
 * (rds-failover-event-subscription), with an index so that an account of many databases and many
 * subscriptions is matched in linear time.
 */

export interface FailoverTarget {
  Region: string;
  id: string;
  sourceType: 'db-instance' | 'db-cluster';
}

export interface EventSubscription {
  CustSubscriptionId: string;
  Region: string;
  Enabled?: boolean | null;
  Status?: string | null;
  SourceType?: string | null;
  SourceIdsList?: string[] | null;
  EventCategoriesList?: string[] | null;
}

/** Why a subscription does not deliver this target's failover events; undefined when it does. */
export function subscriptionGap(s: EventSubscription, t: FailoverTarget): string | undefined {
  if (s.SourceType && s.SourceType !== t.sourceType) return 'other source type';
  if (s.SourceIdsList?.length && !s.SourceIdsList.includes(t.id)) return 'other sources';
  if (s.EventCategoriesList?.length && !s.EventCategoriesList.includes('failover'))
    return `categories ${s.EventCategoriesList.join(', ')} without failover`;
  if (s.Enabled !== true) return 'disabled';
  if (s.Status !== 'active') return `status ${s.Status ?? 'unknown'}`;
  return undefined;
}

interface Entry<S> {
  s: S;
  order: number;
}

/**
 * Subscriptions by region, those of every source (no SourceIdsList) apart from those naming sources.
 * A subscription of every source covers a target or not whatever its id: the first one that covers
 * a source type is found once per region and source type.
 */
export class SubscriptionIndex<S extends EventSubscription> {
  private readonly regions = new Map<string, { all: S[]; everySource: Entry<S>[]; byId: Map<string, Entry<S>[]>; firstEvery: Map<string, Entry<S> | undefined> }>();

  constructor(subs: readonly S[]) {
    for (const s of subs) {
      let r = this.regions.get(s.Region);
      if (!r) this.regions.set(s.Region, (r = { all: [], everySource: [], byId: new Map(), firstEvery: new Map() }));
      const e = { s, order: r.all.length };
      r.all.push(s);
      if (!s.SourceIdsList?.length) r.everySource.push(e);
      else
        for (const id of new Set(s.SourceIdsList)) {
          const l = r.byId.get(id);
          if (l) l.push(e);
          else r.byId.set(id, [e]);
        }
    }
  }

  /** The subscriptions of the target's region, in list order. */
  inRegion(region: string): readonly S[] {
    return this.regions.get(region)?.all ?? [];
  }

  /** The first subscription of the target's region (list order) that delivers its failover events. */
  covering(t: FailoverTarget): S | undefined {
    const r = this.regions.get(t.Region);
    if (!r) return undefined;
    if (!r.firstEvery.has(t.sourceType)) r.firstEvery.set(t.sourceType, r.everySource.find((e) => subscriptionGap(e.s, t) === undefined));
    const every = r.firstEvery.get(t.sourceType);
    const named = r.byId.get(t.id)?.find((e) => subscriptionGap(e.s, t) === undefined);
    if (!every || !named) return (every ?? named)?.s;
    return (every.order < named.order ? every : named).s;
  }
}
