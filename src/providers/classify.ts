import type { ClassifyInput, Diagnosis } from '../core/diagnosis.js';

// Temporary stub: replaced by the real engine bound to every provider's rules.
export function classify(_input: ClassifyInput): Diagnosis {
  return { category: 'unknown', provider: 'unknown', retryable: false, retryAfterMs: null, title: 'Unknown error', cause: '', fixes: [], evidence: [] };
}
