/**
 * Alarm-action classifier and alarm metric extraction, shared by the rules on alarms
 * (cw-alarms-automated-response, billing-granular-alerts, the CloudWatch and Auto Scaling alarm rules).
 *
 * An alarm's metric lives either in the top-level Namespace/MetricName/Dimensions or, for metric
 * math and anomaly detection alarms, in Metrics[].MetricStat.Metric: both are always read.
 */

export type ActionClass = 'notify' | 'autoscale' | 'ec2-action' | 'opsitem' | 'incident' | 'lambda' | 'other';

/** Action classes that do something by themselves (as opposed to telling a human). */
export const AUTOMATED_ACTIONS: readonly ActionClass[] = ['autoscale', 'ec2-action', 'lambda', 'opsitem', 'incident'];

/** The kind of an alarm action ARN (AlarmActions, OKActions, InsufficientDataActions). */
export function classifyAction(arn: string): ActionClass {
  const [prefix, , service = '', region = '', , ...rest] = arn.split(':');
  if (prefix !== 'arn') return 'other';
  const resource = rest.join(':');
  switch (service) {
    case 'sns':
      return 'notify';
    case 'autoscaling':
      return resource.startsWith('scalingPolicy:') ? 'autoscale' : 'other';
    case 'automate':
      // arn:aws:automate:<region>:ec2:stop|terminate|reboot|recover
      return /^ec2:(stop|terminate|reboot|recover)$/.test(arn.split(':').slice(4).join(':')) && region !== '' ? 'ec2-action' : 'other';
    case 'swf':
      // Legacy EC2 actions: arn:aws:swf:<region>:<account>:action/actions/AWS_EC2.InstanceId.Stop/1.0
      return resource.startsWith('action/actions/AWS_EC2.InstanceId.') ? 'ec2-action' : 'other';
    case 'ssm':
      return resource.startsWith('opsitem:') ? 'opsitem' : 'other';
    case 'ssm-incidents':
      return resource.startsWith('responseplan/') ? 'incident' : 'other';
    case 'lambda':
      return 'lambda';
    default:
      return 'other';
  }
}

export interface Dimension {
  Name?: string | null;
  Value?: string | null;
}

export interface MetricLike {
  Namespace?: string | null;
  MetricName?: string | null;
  Dimensions?: Dimension[] | null;
}

export interface MetricQueryLike {
  Id?: string | null;
  Expression?: string | null;
  ReturnData?: boolean | null;
  Period?: number | null;
  MetricStat?: { Metric?: MetricLike | null; Period?: number | null } | null;
}

/** The fields of a metric or composite alarm the evaluators read (cloudwatch.alarms items fit). */
export interface AlarmLike extends MetricLike {
  AlarmName?: string | null;
  AlarmArn?: string | null;
  AlarmType?: string | null;
  ActionsEnabled?: boolean | null;
  AlarmActions?: string[] | null;
  OKActions?: string[] | null;
  InsufficientDataActions?: string[] | null;
  TreatMissingData?: string | null;
  Period?: number | null;
  Metrics?: MetricQueryLike[] | null;
  AlarmRule?: string | null;
}

export interface MetricRef {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
  /** The period the alarm evaluates this metric at, in seconds, when known. */
  Period?: number;
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s !== '';

function toRef(m: MetricLike | null | undefined, period: number | null | undefined): MetricRef | undefined {
  if (!m || !present(m.Namespace) || !present(m.MetricName)) return undefined;
  const Dimensions = (m.Dimensions ?? [])
    .filter((d) => present(d.Name))
    .map((d) => ({ Name: d.Name!, Value: d.Value ?? '' }));
  return { Namespace: m.Namespace, MetricName: m.MetricName, Dimensions, ...(typeof period === 'number' ? { Period: period } : {}) };
}

/** Every metric an alarm reads: the top-level metric and every Metrics[].MetricStat.Metric. */
export function alarmMetrics(alarm: AlarmLike): MetricRef[] {
  const out: MetricRef[] = [];
  const top = toRef(alarm, alarm.Period);
  if (top) out.push(top);
  for (const q of alarm.Metrics ?? []) {
    const ref = toRef(q.MetricStat?.Metric, q.MetricStat?.Period ?? q.Period);
    if (ref) out.push(ref);
  }
  return out;
}

/** Whether the alarm reads a metric of this namespace (and metric name, when given). */
export function alarmUsesMetric(alarm: AlarmLike, namespace: string | ((ns: string) => boolean), metricName?: string): boolean {
  const nsMatch = typeof namespace === 'string' ? (ns: string) => ns === namespace : namespace;
  return alarmMetrics(alarm).some((m) => nsMatch(m.Namespace) && (metricName === undefined || m.MetricName === metricName));
}

/** `Namespace|MetricName|Name=Value,...` with dimensions sorted: the same metric gives the same string. */
export function metricKey(m: MetricRef | MetricLike): string {
  const dims = (m.Dimensions ?? [])
    .filter((d) => present(d.Name))
    .map((d) => `${d.Name}=${d.Value ?? ''}`)
    .sort();
  return `${m.Namespace ?? ''}|${m.MetricName ?? ''}|${dims.join(',')}`;
}

/**
 * What an alarm watches, as one comparable string (to tell alarms on one metric apart from each other): the metric key for a
 * single-metric alarm (anomaly detection bands included: they watch their one metric), otherwise
 * the returned math expression over the sorted keys of the metrics it reads.
 */
export function alarmMetricIdentity(alarm: AlarmLike): string {
  const metrics = alarmMetrics(alarm);
  const expressions = (alarm.Metrics ?? []).filter((q) => present(q.Expression)).map((q) => q.Expression!.trim());
  const onlyBands = expressions.every((e) => /^ANOMALY_DETECTION_BAND\s*\(/i.test(e));
  if (metrics.length === 1 && onlyBands) return metricKey(metrics[0]!);
  if (metrics.length === 0 && expressions.length === 0) return `alarm:${alarm.AlarmName ?? ''}`;
  const returned = (alarm.Metrics ?? []).find((q) => q.ReturnData !== false && present(q.Expression))?.Expression ?? expressions[0] ?? '';
  return `expr:${returned.replace(/\s+/g, '')}[${metrics.map(metricKey).sort().join(';')}]`;
}

export interface AlarmActionSummary {
  alarm: ActionClass[];
  ok: ActionClass[];
  insufficientData: ActionClass[];
  /** Every distinct class over the three lists. */
  all: ActionClass[];
}

export function alarmActionClasses(alarm: AlarmLike): AlarmActionSummary {
  const classes = (arns: string[] | null | undefined) => (arns ?? []).filter(present).map(classifyAction);
  const a = classes(alarm.AlarmActions);
  const ok = classes(alarm.OKActions);
  const ins = classes(alarm.InsufficientDataActions);
  return { alarm: a, ok, insufficientData: ins, all: [...new Set([...a, ...ok, ...ins])] };
}

/** The alarm does something on its own (autoscale, EC2 action, Lambda, OpsItem, incident). */
export function hasAutomatedAction(alarm: AlarmLike): boolean {
  return alarmActionClasses(alarm).all.some((c) => AUTOMATED_ACTIONS.includes(c));
}

/** Actions are enabled and at least one AlarmActions entry exists: the ALARM state reaches someone or something. */
export function alarmActsOnAlarm(alarm: AlarmLike): boolean {
  return alarm.ActionsEnabled !== false && (alarm.AlarmActions ?? []).some(present);
}

export function isBillingAlarm(alarm: AlarmLike): boolean {
  return alarmUsesMetric(alarm, 'AWS/Billing', 'EstimatedCharges');
}

/** TreatMissingData as CloudWatch applies it ("" and absent mean the default, missing). */
export function treatMissingData(alarm: AlarmLike): 'breaching' | 'notBreaching' | 'ignore' | 'missing' {
  const t = alarm.TreatMissingData;
  return t === 'breaching' || t === 'notBreaching' || t === 'ignore' ? t : 'missing';
}

/**
 * Whether an alarm invokes `actionArn` when its metric stops reporting. Missing data moves the
 * alarm to ALARM (breaching), OK (notBreaching) or INSUFFICIENT_DATA (missing, the default); with
 * `ignore` it keeps whatever state it was in, so nothing reliably fires.
 */
export function firesOnMissingData(alarm: AlarmLike, actionArn: string): boolean {
  if (alarm.ActionsEnabled === false) return false;
  const has = (list: string[] | null | undefined) => (list ?? []).includes(actionArn);
  switch (treatMissingData(alarm)) {
    case 'breaching':
      return has(alarm.AlarmActions);
    case 'notBreaching':
      return has(alarm.OKActions);
    case 'missing':
      return has(alarm.InsufficientDataActions);
    case 'ignore':
      return false;
  }
}

/** Whether any of the alarm's action lists names this ARN (how a scaling policy is tied to an alarm). */
export function alarmReferencesAction(alarm: AlarmLike, actionArn: string): boolean {
  return [alarm.AlarmActions, alarm.OKActions, alarm.InsufficientDataActions].some((l) => (l ?? []).includes(actionArn));
}

/**
 * Alarm names and ARNs a composite alarm rule refers to: ALARM("x"), OK(x), INSUFFICIENT_DATA(arn:...),
 * and the lists of AT_LEAST(2, ALARM, ("a", "b")).
 */
export function compositeRuleAlarms(rule: string | null | undefined): string[] {
  if (!present(rule)) return [];
  const out = new Set<string>();
  for (const m of rule.matchAll(/"([^"]+)"|'([^']+)'/g)) out.add((m[1] ?? m[2])!);
  const unquoted = rule.replace(/"[^"]*"|'[^']*'/g, ' ');
  for (const m of unquoted.matchAll(/arn:[^\s(),]+/g)) out.add(m[0]);
  for (const m of unquoted.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*([^\s(),]+)\s*\)/g)) out.add(m[1]!);
  return [...out];
}
