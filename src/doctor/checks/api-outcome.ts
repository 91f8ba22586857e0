import type { Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import { REMEDIES } from '../../core/remedies.js';
import { classify } from '../../providers/classify.js';
import type { DoctorProvider } from '../types.js';
import type { FindingDraft } from './api-finding.js';
import type { HttpAnswer, HttpFailure, HttpOutcome } from './api-http.js';
import type { ProbeHttpRequest } from '../../providers/probe.js';

/** Reading one HTTP outcome of the API checks: what was asked, what came back, and what it means. */

/** `GET https://api.openai.com/v1/models` (the URL never holds the key: every provider gets it in a header). */
const describeRequest = (request: ProbeHttpRequest): string => `${request.method} ${safeUrl(request.url)}`;

/** The URL with any password in it masked (`https://user:***@relay.example/v1`). */
export function safeUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '***';
  return parsed.href;
}

export const isSuccess = (outcome: HttpOutcome): outcome is HttpAnswer => outcome.kind === 'answer' && outcome.status >= 200 && outcome.status < 300;

function diagnoseAnswer(answer: HttpAnswer, provider: DoctorProvider, key: string | null): Diagnosis {
  return classify({ status: answer.status, headers: answer.headers, body: answer.text, provider, apiKey: key });
}

/** Through a proxy the client resolves and connects to the proxy only, so a DNS or connect failure is the proxy's. */
const PROXY_SIDE: ReadonlySet<Category> = new Set<Category>(['network_dns', 'network_connect']);

function diagnoseFailure(failure: HttpFailure, provider: DoctorProvider, key: string | null): Diagnosis {
  const diagnosis = classify({ error: failure.error, provider, apiKey: key });
  if (failure.reason !== 'error') return { ...diagnosis, category: 'timeout', retryable: true };
  if (failure.proxy === null || !PROXY_SIDE.has(diagnosis.category)) return diagnosis;
  const remedy = REMEDIES.network_proxy;
  return {
    ...diagnosis,
    category: 'network_proxy',
    retryable: false,
    title: remedy.title,
    cause: `The request went to the proxy ${failure.proxy} (from the proxy variables), and that proxy could not be reached.`,
    fixes: [`Start the proxy at ${failure.proxy}, or correct HTTPS_PROXY / HTTP_PROXY (or add this host to NO_PROXY if it should be reached directly).`, ...remedy.fixes],
  };
}

export function diagnose(outcome: HttpOutcome, provider: DoctorProvider, key: string | null): Diagnosis {
  return outcome.kind === 'answer' ? diagnoseAnswer(outcome, provider, key) : diagnoseFailure(outcome, provider, key);
}

/** The provider's own words, shortened: `error.message`, `error` as text, or `message`. */
function providerMessage(answer: HttpAnswer): string | null {
  const body = answer.json as { error?: unknown; message?: unknown } | null;
  const error = body && typeof body === 'object' ? body.error : undefined;
  const message =
    error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : typeof error === 'string'
        ? error
        : body && typeof body === 'object' && typeof body.message === 'string'
          ? body.message
          : null;
  if (message !== null) return shorten(message);
  const text = answer.text.replace(/\s+/g, ' ').trim();
  return text.length > 0 ? shorten(text) : null;
}

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

const shorten = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What happened to a request, with numbers: the status and time, or what the client was waiting for. */
export function describeOutcome(request: ProbeHttpRequest, outcome: HttpOutcome): string {
  if (outcome.kind === 'answer') {
    const location = outcome.status >= 300 && outcome.status < 400 && outcome.headers.location ? ` (redirect to ${outcome.headers.location})` : '';
    return `${describeRequest(request)} answered HTTP ${outcome.status} in ${outcome.ms} ms${location}`;
  }
  if (outcome.reason === 'time box') return `${describeRequest(request)} was still waiting for an answer after ${outcome.ms} ms when the run's time box ended`;
  if (outcome.reason === 'timeout') return `${describeRequest(request)} got no answer within ${outcome.timeoutMs} ms`;
  return `${describeRequest(request)} failed after ${outcome.ms} ms: ${errorText(outcome.error)}`;
}

/** The error and its causes, one line (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`). */
function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}

/**
 * A finding for a failed step: the diagnosis' category, title and fixes, with what was seen first.
 * Retrying helps (rate limit, overload, timeout): warn. Something must change: fail.
 */
export function failureDraft(request: ProbeHttpRequest, outcome: HttpOutcome, diagnosis: Diagnosis, context: string): FindingDraft {
  const said = outcome.kind === 'answer' ? providerMessage(outcome) : null;
  const detail = [sentence(describeOutcome(request, outcome)), context, diagnosis.cause, said ? `The answer said: "${said}".` : '']
    .filter((part) => part.length > 0)
    .join(' ');
  return {
    status: diagnosis.retryable ? 'warn' : 'fail',
    category: diagnosis.category as Category,
    title: diagnosis.title,
    detail,
    fixes: [...diagnosis.fixes],
  };
}

/** `350 ms`, `9.8 s`, `10 min`, `3.0 h`. */
export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
