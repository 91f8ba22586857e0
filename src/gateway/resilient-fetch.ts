import { DEFAULTS } from '../core/defaults.js';
import type { Diagnosis, ProviderId } from '../core/diagnosis.js';
import { classify } from '../providers/classify.js';
import { decideRetry, type RetryDecision, type RetrySettings } from './retry-decision.js';

export interface AttemptEvent {
  attempt: number;
  /** The HTTP status, or null when no answer came (network failure). */
  status: number | null;
  diagnosis: Diagnosis;
  decision: RetryDecision;
  durationMs: number;
}

export interface ResilientFetchOptions extends Partial<RetrySettings> {
  /** The fetch to wrap (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Which provider the calls go to, when the base URL does not say (a relay, the mock). */
  provider?: ProviderId;
  /** Called after every failed attempt, with what it was and what happens next. */
  onAttempt?: (event: AttemptEvent) => void;
  /** For tests: the jitter's randomness. */
  random?: () => number;
}

/**
 * A `fetch` for the official SDKs (`new OpenAI({ fetch })`, `new Anthropic({ fetch })`) that retries
 * what can pass by itself and nothing else: a 429 that is an empty wallet, a revoked key or a bad
 * request comes back at once; rate limits wait what the provider said; overloads and network
 * failures back off with jitter. A successful answer (streams included) is passed through untouched.
 * The final failure carries `x-should-retry: false`, so the SDK does not retry it again, and
 * `x-llmdoctor-category` / `x-llmdoctor-attempts` say what happened.
 */
export function createResilientFetch(options: ResilientFetchOptions = {}): typeof globalThis.fetch {
  const settings: RetrySettings = { ...DEFAULTS.retry, ...definedOnly(options) };
  const baseFetch = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const started = Date.now();
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    // A Request is cloned for each attempt; a streamed body can be read only once
    const replayable = !(init?.body instanceof ReadableStream);
    for (let attempt = 1; ; attempt++) {
      const attemptStarted = Date.now();
      let response: Response | null = null;
      let failure: unknown = null;
      try {
        response = await baseFetch(input instanceof Request ? input.clone() : input, init);
      } catch (error) {
        if (signal?.aborted) throw error; // the caller gave up: not ours to retry
        failure = error;
      }
      if (response?.ok) return response;
      const bodyText = response ? await response.text() : null;
      const apiKey = sentKey(input, init);
      const diagnosis = response
        ? classify({ status: response.status, headers: response.headers, body: bodyText, provider: options.provider, apiKey })
        : classify({ error: failure, provider: options.provider, apiKey });
      const decision: RetryDecision = replayable
        ? decideRetry(diagnosis, attempt, Date.now() - started, settings, options.random)
        : { retry: false, reason: 'the request body is a stream and cannot be sent twice' };
      options.onAttempt?.({ attempt, status: response?.status ?? null, diagnosis, decision, durationMs: Date.now() - attemptStarted });
      if (!decision.retry) {
        if (response) return finalAnswer(response, bodyText ?? '', diagnosis, attempt);
        throw failure;
      }
      await sleep(decision.delayMs, signal);
    }
  };
}

/** The failed answer as received, marked so the SDK does not retry it on top of us. */
function finalAnswer(response: Response, body: string, diagnosis: Diagnosis, attempts: number): Response {
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  headers.set('x-llmdoctor-category', diagnosis.category);
  headers.set('x-llmdoctor-attempts', String(attempts));
  // The body was decoded already: drop encodings that no longer describe it
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** The key the request carries (Bearer, x-api-key, x-goog-api-key), so a rejection can be judged by it. */
function sentKey(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): string | null {
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  return bearer ?? headers.get('x-api-key') ?? headers.get('x-goog-api-key');
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function definedOnly(options: ResilientFetchOptions): Partial<RetrySettings> {
  const keys = ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'totalBudgetMs'] as const;
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}
