import { asRecord } from './probe.js';
import type { GatewayError } from './wire.js';

/** Our diagnosis as it rides in every format's error object (`error.llmdoctor`). */
export function diagnosisNote(error: GatewayError): Record<string, unknown> {
  const diagnosis = error.diagnosis;
  return {
    category: diagnosis?.category ?? null,
    title: diagnosis?.title ?? null,
    cause: diagnosis?.cause ?? null,
    fixes: diagnosis?.fixes ?? [],
    request_id: error.requestId,
  };
}

/**
 * An error body of the shape `{"error": {"message": ..., ...}}` (also wrapped in a one-element array, as
 * Gemini's JSON-array streams send it), split into the body and its error object; null for anything else.
 */
export function errorEnvelope(text: string | null): { body: Record<string, unknown>; error: Record<string, unknown> } | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const body = asRecord(Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed);
  const error = asRecord(body?.error);
  return body && error && typeof error.message === 'string' ? { body, error } : null;
}
