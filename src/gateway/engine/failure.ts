import type { Diagnosis } from '../../core/diagnosis.js';
import { classify } from '../../providers/classify.js';
import type { Target } from './route-plan.js';

/** A failed attempt, or a reason no attempt could be made, as the engine reasons about it. */
export interface Failure {
  diagnosis: Diagnosis;
  /** The upstream's status; null when no answer came. */
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  /** The upstream's error body (kept as the provider's reason). */
  body: string | null;
  target: Target | null;
  keyFingerprint: string | null;
}

/** Error bodies are read up to this size; the rest says nothing more. */
const ERROR_BODY_LIMIT = 256 * 1024;

export async function failureOfAnswer(
  status: number,
  headers: Failure['headers'],
  body: AsyncIterable<Buffer>,
  target: Target,
  secret: string,
  keyFingerprint: string,
): Promise<Failure> {
  let text = '';
  try {
    for await (const chunk of body) {
      if (text.length < ERROR_BODY_LIMIT) text += chunk.toString('utf8');
    }
  } catch {
    // A cut error body still has a status and headers to judge by
  }
  const diagnosis = classify({ status, headers, body: text, provider: target.upstream.config.provider, apiKey: secret });
  return { diagnosis, status, headers, body: text, target, keyFingerprint };
}

export function failureOfError(error: unknown, target: Target, secret: string | null, keyFingerprint: string | null): Failure {
  const diagnosis = classify({ error, provider: target.upstream.config.provider, apiKey: secret });
  return { diagnosis, status: null, headers: {}, body: null, target, keyFingerprint };
}

/** An error of ours with a Node-style code, so classify() names it like any other transport failure. */
export function transportError(code: 'ECONNRESET' | 'UND_ERR_HEADERS_TIMEOUT' | 'UND_ERR_BODY_TIMEOUT', message: string): Error {
  return Object.assign(new Error(message), { code });
}
