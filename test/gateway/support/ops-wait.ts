/**
 * Polls `probe` until it returns something other than undefined, or the time is up (then the last
 * failure is thrown with `what`). Returns the value and how long it took.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 3_000, everyMs = 25): Promise<{ value: T; tookMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, tookMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
