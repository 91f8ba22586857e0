import type { Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import type { ProviderTarget } from '../types.js';
import { DEFAULTS } from '../../core/defaults.js';
import { describeKey, type FindingDraft, type ReportFinding } from './api-finding.js';
import type { ApiHttp, HttpAnswer, HttpOutcome } from './api-http.js';
import { describeOutcome, diagnose, failureDraft, isSuccess, safeUrl } from './api-outcome.js';
import type { ProbeCredentials, ProbeHttpRequest, ProviderProbe } from '../../providers/probe.js';

/**
 * `api.auth`: the key against the cheapest call that bills nothing, the model listing. A failure is
 * explained by `classify()`, which also tells a foreign or damaged key from an unknown one.
 */

export interface AuthResult {
  outcome: HttpOutcome | null;
  diagnosis: Diagnosis | null;
  /** Model ids of a successful listing; null when there was none. */
  modelIds: string[] | null;
  /** Why further calls with this key would only repeat the failure; null when they are worth making. */
  blocker: string | null;
}

/** Categories after which model and probe calls would fail the same way. */
const STOPPING: ReadonlySet<Category> = new Set<Category>([
  'key_missing', 'key_malformed', 'key_wrong_provider', 'key_invalid', 'region_blocked', 'wrong_endpoint',
  'network_dns', 'network_connect', 'network_reset', 'network_tls', 'network_proxy', 'timeout',
]);

export function credentialsOf(target: ProviderTarget): ProbeCredentials | null {
  return target.key === null ? null : { key: target.key, keySource: target.keySource, organization: target.organization, project: target.project };
}

export async function checkAuth(target: ProviderTarget, probe: ProviderProbe, http: ApiHttp, report: ReportFinding): Promise<AuthResult> {
  const startedAt = Date.now();
  const credentials = credentialsOf(target);
  if (credentials === null || credentials.key.trim() === '') {
    report('api.auth', {
      status: 'skip',
      category: 'key_missing',
      title: `No ${probe.displayName} key to authenticate`,
      detail: `No key was found for ${probe.displayName}${target.keySource ? ` (${target.keySource} is empty)` : ''}, so the API was not called with one. The key findings say where keys were looked for.`,
      fixes: [],
    }, startedAt);
    return { outcome: null, diagnosis: null, modelIds: null, blocker: 'no key' };
  }
  const request = probe.listModels(target.baseUrl, credentials);
  const outcome = await http.send(request, DEFAULTS.doctor.api.listTimeoutMs);
  const route = routeText(http, request);
  if (isSuccess(outcome)) {
    const modelIds = probe.modelIds(outcome.json);
    report('api.auth', successDraft(target, probe, request, outcome, modelIds, route), startedAt);
    return { outcome, diagnosis: null, modelIds: modelIds.length > 0 ? modelIds : null, blocker: null };
  }
  const diagnosis = diagnose(outcome, target.provider, target.key);
  report('api.auth', failureDraft(request, outcome, diagnosis, `${capitalize(describeKey(target))}, ${route}.`), startedAt);
  const stops = STOPPING.has(diagnosis.category) || outcome.kind === 'failure';
  return { outcome, diagnosis, modelIds: null, blocker: stops ? `the model listing failed (${diagnosis.category})` : null };
}

function successDraft(target: ProviderTarget, probe: ProviderProbe, request: ProbeHttpRequest, answer: HttpAnswer, modelIds: string[], route: string): FindingDraft {
  const key = target.key ?? '';
  const seen = `${describeOutcome(request, answer)}, ${route}.`;
  const scope = [target.organization ? `organization ${target.organization}` : '', target.project ? `project ${target.project}` : ''].filter(Boolean).join(', ');
  if (modelIds.length === 0) {
    return {
      status: 'warn',
      category: 'wrong_endpoint',
      title: `${probe.displayName} base URL answered, but not with a model list`,
      detail: `${seen} The body (${answer.headers['content-type'] ?? 'no content-type'}, ${answer.text.length} characters) holds no ${probe.displayName} model list: the base URL ${safeUrl(target.baseUrl)} (${target.baseUrlSource}) may lead to a web page, a captive portal, or a relay with another API.`,
      fixes: [`Check the base URL ${safeUrl(target.baseUrl)}: open it with curl and compare with the provider's documented API address.`, 'Unset the base-URL variable to use the provider\'s own address.'],
    };
  }
  const listed = `${modelIds.length} model${modelIds.length === 1 ? '' : 's'} listed (${modelIds.slice(0, 5).join(', ')}${modelIds.length > 5 ? ', …' : ''})`;
  const accepted = `${capitalize(describeKey(target))} accepted${scope ? ` for ${scope}` : ''}; ${listed}.`;
  if (key !== key.trim()) {
    return {
      status: 'warn',
      category: 'key_malformed',
      title: `${probe.displayName} key works only because the HTTP client trimmed it`,
      detail: `${seen} ${accepted} The stored value ${whitespaceAround(key)}: fetch (and so the official Node SDKs) strips it from the header, but other clients do not (Python's httpx refuses it as an illegal header value, curl sends a broken header), and code that compares or hashes the key sees a different one.`,
      fixes: [
        `Remove the whitespace where the key is stored${target.keySource ? ` (${target.keySource})` : ''}: write it with \`printf %s "$KEY"\` or \`echo -n\`, not \`echo\`.`,
        'Trim the key where it is read (`.trim()`), so a pasted newline cannot come back.',
      ],
    };
  }
  return { status: 'pass', category: null, title: `${probe.displayName} accepted the key`, detail: `${seen} ${accepted}`, fixes: [] };
}

function routeText(http: ApiHttp, request: ProbeHttpRequest): string {
  const proxy = http.proxyFor(request.url);
  return proxy ? `through the proxy ${proxy}` : 'directly (no proxy variable applies)';
}

function whitespaceAround(key: string): string {
  const leading = key.slice(0, key.length - key.trimStart().length);
  const trailing = key.slice(key.trimEnd().length);
  const parts = [leading ? `starts with ${nameWhitespace(leading)}` : '', trailing ? `ends with ${nameWhitespace(trailing)}` : ''].filter(Boolean);
  return parts.join(' and ');
}

const WHITESPACE_NAMES: Readonly<Record<string, string>> = { '\n': 'newline', '\r': 'carriage return', '\t': 'tab', ' ': 'space' };

/** `a newline (\n)`, `2 characters of whitespace ("\r\n")`. */
function nameWhitespace(text: string): string {
  const name = text.length === 1 ? WHITESPACE_NAMES[text] : undefined;
  return name ? `a ${name} (${JSON.stringify(text)})` : `whitespace ${JSON.stringify(text)}`;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
