/**
 * Checks ASFF records against the constraints of the AWS Security Finding Format as the Security Hub API reference
 * gives them (AwsSecurityFinding, Resource, Compliance, Severity, Recommendation, FindingProviderFields; the ASFF
 * types taxonomy's namespaces): what BatchImportFindings refuses. Only the attributes aws-tips writes are checked, so
 * any other attribute is reported as unchecked.
 */
const NON_EMPTY = /\S/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'];
const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Title', 'Description', 'Resources'];
const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function asffErrors(f: Record<string, unknown>): string[] {
  const e: string[] = [];
  const str = (path: string, v: unknown, min = 1, max = Infinity) => {
    if (typeof v !== 'string') return void e.push(`${path}: not a string`);
    if (!NON_EMPTY.test(v)) e.push(`${path}: blank`);
    if (v.length < min || v.length > max) e.push(`${path}: length ${v.length} outside ${min}-${max}`);
  };
  const map = (path: string, v: unknown, maxKeys: number, keyMax: number, valueMax: number) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return void e.push(`${path}: not a map`);
    const entries = Object.entries(v);
    if (entries.length > maxKeys) e.push(`${path}: more than ${maxKeys} entries`);
    for (const [k, x] of entries) {
      str(`${path} key ${k}`, k, 1, keyMax);
      str(`${path}.${k}`, x, 1, valueMax);
    }
  };
  const known = (path: string, v: object, keys: string[]) => {
    for (const k of Object.keys(v)) if (!keys.includes(k)) e.push(`${path}.${k}: not written by aws-tips (unchecked)`);
  };
  known('', f, [...REQUIRED, 'ProductName', 'CompanyName', 'Types', 'Severity', 'Remediation', 'ProductFields', 'Compliance', 'Workflow', 'RecordState', 'FindingProviderFields']);
  for (const k of REQUIRED) if (f[k] === undefined) e.push(`${k}: required`);
  if (f.SchemaVersion !== '2018-10-08') e.push('SchemaVersion: not 2018-10-08');
  str('Id', f.Id, 1, 512);
  str('ProductArn', f.ProductArn, 12, 2048);
  str('ProductName', f.ProductName, 1, 128);
  str('CompanyName', f.CompanyName, 1, 128);
  str('GeneratorId', f.GeneratorId, 1, 512);
  if (typeof f.AwsAccountId !== 'string' || !/^\d{12}$/.test(f.AwsAccountId)) e.push('AwsAccountId: not 12 digits');
  for (const t of ['CreatedAt', 'UpdatedAt']) if (typeof f[t] !== 'string' || !TIMESTAMP.test(f[t] as string)) e.push(`${t}: not an accepted timestamp`);
  str('Title', f.Title, 1, 256);
  str('Description', f.Description, 1, 1024);
  const types = (path: string, v: unknown) => {
    if (!Array.isArray(v) || v.length > 50) return void e.push(`${path}: not a list of at most 50`);
    for (const t of v) {
      str(`${path}[]`, t);
      const parts = String(t).split('/');
      if (parts.length < 1 || parts.length > 3 || !NAMESPACES.includes(parts[0]!)) e.push(`${path}: ${String(t)} is not namespace/category/classifier`);
    }
  };
  const severity = (path: string, v: unknown) => {
    const s = v as { Label?: unknown; Original?: unknown };
    if (!s || !LABELS.includes(String(s.Label))) e.push(`${path}.Label: not a severity label`);
    if (s?.Original !== undefined) str(`${path}.Original`, s.Original, 1, 64);
    known(path, s ?? {}, ['Label', 'Original']);
  };
  if (f.Types !== undefined) types('Types', f.Types);
  severity('Severity', f.Severity);
  const rem = f.Remediation as { Recommendation?: { Text?: unknown; Url?: unknown } } | undefined;
  if (rem) {
    known('Remediation', rem, ['Recommendation']);
    if (rem.Recommendation?.Text !== undefined) str('Remediation.Recommendation.Text', rem.Recommendation.Text, 1, 512);
    if (rem.Recommendation?.Url !== undefined) str('Remediation.Recommendation.Url', rem.Recommendation.Url, 1, 2048);
  }
  if (f.ProductFields !== undefined) map('ProductFields', f.ProductFields, 50, 128, 2048);
  const res = f.Resources as Record<string, unknown>[];
  if (!Array.isArray(res) || res.length < 1 || res.length > 32) e.push('Resources: not 1-32 resources');
  for (const [i, r] of (Array.isArray(res) ? res : []).entries()) {
    const p = `Resources[${i}]`;
    known(p, r, ['Type', 'Id', 'Partition', 'Region', 'Tags']);
    str(`${p}.Type`, r.Type, 1, 256);
    str(`${p}.Id`, r.Id, 1, 512);
    if (r.Partition !== undefined && !['aws', 'aws-cn', 'aws-us-gov'].includes(String(r.Partition))) e.push(`${p}.Partition: not aws, aws-cn or aws-us-gov`);
    if (r.Region !== undefined) str(`${p}.Region`, r.Region, 1, 16);
    if (r.Tags !== undefined) map(`${p}.Tags`, r.Tags, 50, 128, 256);
  }
  const c = f.Compliance as Record<string, unknown> | undefined;
  if (c) {
    known('Compliance', c, ['Status', 'RelatedRequirements', 'SecurityControlId', 'StatusReasons']);
    if (!['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(String(c.Status))) e.push('Compliance.Status: not a compliance status');
    if (c.RelatedRequirements !== undefined) {
      if (!Array.isArray(c.RelatedRequirements) || c.RelatedRequirements.length > 32) e.push('Compliance.RelatedRequirements: not a list of at most 32');
      else for (const r of c.RelatedRequirements) str('Compliance.RelatedRequirements[]', r);
    }
    if (c.SecurityControlId !== undefined) str('Compliance.SecurityControlId', c.SecurityControlId);
    for (const r of (c.StatusReasons as { ReasonCode?: unknown; Description?: unknown }[] | undefined) ?? []) {
      str('Compliance.StatusReasons[].ReasonCode', r.ReasonCode);
      if (r.Description !== undefined) str('Compliance.StatusReasons[].Description', r.Description, 1, 2048);
    }
  }
  const w = f.Workflow as { Status?: unknown } | undefined;
  if (w && !['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'].includes(String(w.Status))) e.push('Workflow.Status: not a workflow status');
  if (f.RecordState !== undefined && !['ACTIVE', 'ARCHIVED'].includes(String(f.RecordState))) e.push('RecordState: not ACTIVE or ARCHIVED');
  const fp = f.FindingProviderFields as { Severity?: unknown; Types?: unknown } | undefined;
  if (fp) {
    known('FindingProviderFields', fp, ['Severity', 'Types']);
    if (fp.Severity !== undefined) severity('FindingProviderFields.Severity', fp.Severity);
    if (fp.Types !== undefined) types('FindingProviderFields.Types', fp.Types);
  }
  return e;
}

