import { performance } from 'node:perf_hooks';

export type TimeBoxEnd = 'timeout' | 'aborted';

/** A step's own deadline joined with the run's signal: whichever comes first ends the step. */
export interface TimeBox {
  readonly signal: AbortSignal;
  /** `timeout`: this step's own limit passed; `aborted`: the run's time box ended; null while open. */
  ended(): TimeBoxEnd | null;
  close(): void;
}

export function openTimeBox(timeoutMs: number, outer?: AbortSignal): TimeBox {
  const controller = new AbortController();
  let end: TimeBoxEnd | null = null;
  const finish = (why: TimeBoxEnd): void => {
    if (end !== null) return;
    end = why;
    controller.abort(why === 'timeout' ? new Error(`timed out after ${timeoutMs} ms`) : outer?.reason);
  };
  const timer = setTimeout(() => finish('timeout'), timeoutMs);
  const onOuterAbort = (): void => finish('aborted');
  if (outer?.aborted) finish('aborted');
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    ended: () => end,
    close() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** Milliseconds since `start` (a `performance.now()` reading), rounded. */
export function elapsedMs(start: number): number {
  return Math.round(performance.now() - start);
}

/** Resolves when the signal aborts; used to race steps that cannot be cancelled (getaddrinfo). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
