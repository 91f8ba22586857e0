import { StreamDeltas } from '../../src/providers/delta-template.js';

/** What each way of matching a learnt template answers when it matches nothing. */
const NO_MATCH = { textOf: null, frameText: null, matches: false, frameMatches: false } as const;
type MatchMethod = keyof typeof NO_MATCH;

/**
 * Runs `run` with the stream readers' templates matching nothing through `methods`: the reference a reader's
 * output is compared with (in place only: `frameText`, `frameMatches`; at all: every method).
 */
export function withTemplatesOff<T>(methods: readonly MatchMethod[], run: () => T): T {
  const saved = methods.map((name) => [name, Object.getOwnPropertyDescriptor(StreamDeltas.prototype, name)!] as const);
  for (const [name, descriptor] of saved) Object.defineProperty(StreamDeltas.prototype, name, { ...descriptor, value: () => NO_MATCH[name] });
  try {
    return run();
  } finally {
    for (const [name, descriptor] of saved) Object.defineProperty(StreamDeltas.prototype, name, descriptor);
  }
}
