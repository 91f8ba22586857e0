import type { Category } from '../../../src/core/categories.js';
import type { Diagnosis } from '../../../src/core/diagnosis.js';
import type { UpstreamKeyConfig } from '../../../src/gateway/config/types.js';
import type { KeyLease, NoKey } from '../../../src/gateway/pool/types.js';

/** Key-shaped secrets (never real): `sk-proj-` plus 40 characters that differ per index. */
export function secretOf(index: number): string {
  return `sk-proj-${String(index).padStart(4, '0')}Ab9xQ2mZ7rT4kL1pW8nV3cY6hJ5sD0fG`;
}

export function keyConfigs(count: number, overrides: Partial<Omit<UpstreamKeyConfig, 'secret' | 'label'>> = {}): UpstreamKeyConfig[] {
  return Array.from({ length: count }, (_, index) => ({
    secret: secretOf(index),
    label: `OPENAI_API_KEY_${index + 1}`,
    maxInFlight: null,
    requestsPerMinute: null,
    tokensPerMinute: null,
    ...overrides,
  }));
}

export function diagnosis(category: Category, title = `test ${category}`): Diagnosis {
  return { category, provider: 'openai', retryable: false, retryAfterMs: null, title, cause: 'test', fixes: [], evidence: [] };
}

export const LIMITS = { maxInFlight: 256, cooldownMs: 30_000, reprobeMs: 300_000 };

export function isLease(result: KeyLease | NoKey): result is KeyLease {
  return 'keyIndex' in result;
}

/** The lease, or a failed assertion naming why no key was given. */
export function lease(result: KeyLease | NoKey): KeyLease {
  if (!isLease(result)) throw new Error(`expected a lease, got NoKey ${result.reason} (retryAt ${result.retryAt})`);
  return result;
}

export function noKey(result: KeyLease | NoKey): NoKey {
  if (isLease(result)) throw new Error(`expected NoKey, got a lease of key #${result.keyIndex}`);
  return result;
}

/** Lets settled promises run their callbacks (a probe's answer). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
