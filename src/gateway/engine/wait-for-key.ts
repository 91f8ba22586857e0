import type { AbortWatch, KeyLease, NoKey } from '../pool/types.js';
import type { Upstream } from './upstream.js';

export type KeyWait =
  | { lease: KeyLease }
  /** No key now; `queue` says whether the wait itself failed (full queue, deadline passed). */
  | { lease: null; noKey: NoKey; queue: 'full' | 'expired' | null };

export interface KeyWaitOptions {
  upstream: Upstream;
  estimatedTokens: number;
  avoid: ReadonlySet<number>;
  /** Only these keys: the request needs what only one key's account holds, or what the keys asked so far do not. */
  eligible?: (index: number) => boolean;
  /** Waiting for a cooling key is pointless when another target can take the request. */
  hasFallback: boolean;
  /** No waiting past this (the queue's and the request's deadline). */
  deadline: number;
  signal: AbortWatch;
}

/**
 * A key with room, waiting in the bounded queue when all are busy (or all rest and nowhere else can
 * serve). Disabled keys, and cooling ones when a fallback exists, are not waited for. Answers at once,
 * without a promise, when no wait is needed (the usual case).
 */
export function waitForKey(options: KeyWaitOptions): KeyWait | Promise<KeyWait> {
  const now = keyOrWhyNot(options);
  return 'lease' in now ? now : queueForKey(options, now);
}

/** A lease, the end of the search, or (a NoKey) the reason to wait in the queue. */
function keyOrWhyNot(options: KeyWaitOptions): KeyWait | NoKey {
  const result = options.upstream.pool.acquire(options.estimatedTokens, options.avoid, options.eligible);
  if ('secret' in result) return { lease: result };
  if (result.reason === 'disabled' || (result.reason === 'cooling' && options.hasFallback)) return { lease: null, noKey: result, queue: null };
  // Not worth waiting for: the request ends with what the provider said (or moves on)
  if (result.retryAt !== null && result.retryAt > options.deadline) return { lease: null, noKey: result, queue: null };
  return result;
}

async function queueForKey(options: KeyWaitOptions, noKey: NoKey): Promise<KeyWait> {
  for (;;) {
    const outcome = await options.upstream.queue.wait(options.deadline, noKey.retryAt, options.signal);
    if (outcome === 'aborted') throw options.signal.reason ?? new Error('the client went away');
    if (outcome === 'full' || outcome === 'expired') return { lease: null, noKey, queue: outcome };
    const now = keyOrWhyNot(options);
    if ('lease' in now) return now;
    noKey = now;
  }
}
