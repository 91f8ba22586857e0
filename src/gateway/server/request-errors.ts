import type { Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import type { Failure } from '../engine/failure.js';

/** A request the gateway refuses before any upstream is involved: the client must change it. */
export function clientMistake(status: number, category: Category, title: string, cause: string, fix: string): Failure {
  const diagnosis: Diagnosis = { category, provider: 'unknown', retryable: false, retryAfterMs: null, title, cause, fixes: [fix], evidence: ['decided by the gateway'] };
  return { diagnosis, status, headers: {}, body: null, target: null, keyFingerprint: null };
}
