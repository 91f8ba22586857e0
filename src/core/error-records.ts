/**
 * One error envelope, flattened: the fields providers use to say what went wrong,
 * wherever they sat (OpenAI `error.code`, Anthropic `error.type`, Google `status` and
 * `details[]`, Azure string codes, relay wrappers).
 */
export interface ErrorRecord {
  message: string | null;
  type: string | null;
  code: string | null;
  /** google.rpc status name (RESOURCE_EXHAUSTED) or a relay's status text. */
  status: string | null;
  /** Numeric HTTP code carried inside the body (Google `error.code`, relays). */
  httpCode: number | null;
  param: string | null;
  /** google.rpc.ErrorInfo / legacy `errors[].reason`. */
  reasons: string[];
  /** google.rpc.QuotaFailure violations. */
  quotaViolations: { quotaId: string; quotaValue: string | null; quotaMetric: string | null }[];
  /** google.rpc.RetryInfo.retryDelay, as sent. */
  retryDelay: unknown;
  /** The envelope carried Anthropic's top-level `"type": "error"`. */
  anthropicEnvelope: boolean;
  /** The envelope had a top-level `request_id` key (even null). */
  hasRequestId: boolean;
}

export function collectErrorRecords(structures: unknown[]): ErrorRecord[] {
  const records: ErrorRecord[] = [];
  for (const structure of structures) visit(structure, records, 0);
  return records;
}

function visit(value: unknown, records: ErrorRecord[], depth: number): void {
  if (depth > 6 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) visit(item, records, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const inner = obj.error;
  if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
    records.push(recordFrom(inner as Record<string, unknown>, obj));
    visit(inner, records, depth + 1);
  } else if (typeof inner === 'string' && inner.length > 0) {
    records.push(recordFrom({ message: inner }, obj));
  } else if (looksLikeErrorObject(obj)) {
    records.push(recordFrom(obj, undefined));
  }
  for (const [key, item] of Object.entries(obj)) {
    if (key !== 'error' && item && typeof item === 'object') visit(item, records, depth + 1);
  }
}

function looksLikeErrorObject(obj: Record<string, unknown>): boolean {
  const hasText = typeof obj.message === 'string' || typeof obj.errorMessage === 'string';
  return hasText && ('type' in obj || 'code' in obj || 'status' in obj || 'error_type' in obj || 'errorDescription' in obj);
}

function recordFrom(error: Record<string, unknown>, envelope: Record<string, unknown> | undefined): ErrorRecord {
  const code = error.code;
  const details = Array.isArray(error.details) ? error.details : [];
  const legacyErrors = Array.isArray(error.errors) ? error.errors : [];
  return {
    message: text(error.message) ?? text(error.errorMessage) ?? text(error.errorDescription),
    type: text(error.type) ?? text(error.error_type),
    code: typeof code === 'number' ? null : text(code),
    status: text(error.status),
    httpCode: typeof code === 'number' ? code : null,
    param: text(error.param),
    reasons: [...details, ...legacyErrors].flatMap((d) => (isObject(d) && typeof d.reason === 'string' ? [d.reason] : [])),
    quotaViolations: details.flatMap((d) => (isObject(d) && Array.isArray(d.violations) ? d.violations.filter(isObject).map(violation) : [])),
    retryDelay: details.find((d) => isObject(d) && 'retryDelay' in d)?.retryDelay ?? null,
    anthropicEnvelope: envelope?.type === 'error',
    hasRequestId: envelope !== undefined && 'request_id' in envelope,
  };
}

function violation(v: Record<string, unknown>) {
  return { quotaId: text(v.quotaId) ?? '', quotaValue: v.quotaValue == null ? null : String(v.quotaValue), quotaMetric: text(v.quotaMetric) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
