import type { Diagnosis } from '../../core/diagnosis.js';

/** A key's standing, as the admin view (issue 6) and the logs show it. */
export type KeyHealth =
  | { state: 'healthy' }
  | { state: 'cooling'; until: number; reason: string }
  | { state: 'disabled'; since: number; diagnosis: Diagnosis; lastProbe: number | null };

/** The right to send one request with one key; given back with `release`. */
export interface KeyLease {
  upstream: string;
  /** Index of the key in the upstream's `keys`. */
  keyIndex: number;
  secret: string;
  /** `fingerprint(secret)`: the only way a key is named in logs and answers. */
  fingerprint: string;
  /** Tokens reserved against the key's TPM budget. */
  reservedTokens: number;
}

/** Why no key can take a request now, and the earliest time one may. */
export interface NoKey {
  /** `busy`: in flight / RPM / TPM full, wait; `cooling`: all rate-limited or cooling down; `disabled`: none usable at all. */
  reason: 'busy' | 'cooling' | 'disabled';
  /** Epoch ms when a key may become free (null: when a lease is released, or never for `disabled`). */
  retryAt: number | null;
  /** The diagnoses of disabled keys (for the error we return when none is left). */
  diagnoses: Diagnosis[];
}

/** What the engine learnt from one attempt, fed back to the pool. */
export type AttemptOutcome =
  | { kind: 'success'; headers: Record<string, string | string[] | undefined>; usedTokens: number | null }
  /** Rate-limited or quota: the key rests until `until`. */
  | { kind: 'cooldown'; until: number; diagnosis: Diagnosis; headers?: Record<string, string | string[] | undefined> }
  /** The key itself is refused (key_invalid, billing, permission_denied): out of rotation, re-probed. */
  | { kind: 'disable'; diagnosis: Diagnosis }
  /** A failure that says nothing about the key (network, server, bad request, client gone). */
  | { kind: 'neutral'; headers?: Record<string, string | string[] | undefined> };

export type CircuitState = 'closed' | 'open' | 'half-open';

/** What waiting code needs of an abort signal: whether it fired, and to hear when it does. */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
