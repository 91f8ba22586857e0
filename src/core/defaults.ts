/**
 * Every tunable in one table. Commands and libraries read their defaults here; options, config
 * files and environment variables override them.
 */
export const DEFAULTS = {
  mock: {
    host: '127.0.0.1',
    port: 8787,
    seed: 1,
    /** Country the simulated caller appears to be in (`/cdn-cgi/trace` loc=). */
    region: 'US',
    /** Per-key limits of the simulated token bucket. */
    requestsPerMinute: 10_000,
    tokensPerMinute: 10_000_000,
    /** Time to first token and generation speed; 0 answers at once. */
    firstTokenMs: 0,
    tokensPerSecond: 0,
    /** How long `slow_first_token` waits before the first token. */
    slowFirstTokenMs: 5_000,
    /** Largest request body accepted (the real APIs refuse bigger ones; Anthropic's edge limit is 32 MB). */
    maxBodyBytes: 32 * 1024 * 1024,
    /** Attempts kept for `attempts()`; older ones are dropped so memory stays flat under load. */
    attemptsKept: 10_000,
    /** Length of a generated answer when the caller sets no cap, in tokens. */
    answerTokens: { min: 8, max: 40 },
  },
} as const;
