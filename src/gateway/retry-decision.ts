import type { Diagnosis } from '../core/diagnosis.js';
import { backoffDelay } from './backoff.js';

export interface RetrySettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  totalBudgetMs: number;
}

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/**
 * Whether to send the same request again after `attempt` failed, and when. Only what the diagnosis
 * says can pass by itself is retried (never billing, bad keys or bad requests, whatever the status);
 * the server's own wait wins over our backoff, and a wait longer than we may spend is not waited for.
 */
export function decideRetry(diagnosis: Diagnosis, attempt: number, elapsedMs: number, settings: RetrySettings, random?: () => number): RetryDecision {
  if (!diagnosis.retryable) return { retry: false, reason: `${diagnosis.category}: retrying cannot help` };
  if (attempt >= settings.maxAttempts) return { retry: false, reason: `${diagnosis.category}: gave up after ${attempt} attempts` };
  const serverWait = diagnosis.retryAfterMs;
  if (serverWait !== null && serverWait > settings.maxRetryAfterMs) {
    return { retry: false, reason: `${diagnosis.category}: the provider asks to wait ${serverWait} ms, more than the ${settings.maxRetryAfterMs} ms allowed` };
  }
  const delayMs = serverWait ?? backoffDelay(attempt, settings.baseDelayMs, settings.maxDelayMs, random);
  if (elapsedMs + delayMs > settings.totalBudgetMs) return { retry: false, reason: `${diagnosis.category}: no time left for another attempt` };
  return { retry: true, delayMs, reason: `${diagnosis.category}: ${serverWait !== null ? 'waiting what the provider asked' : 'backing off'} ${delayMs} ms` };
}
