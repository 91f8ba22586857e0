import type { RequestRecord } from '../../../src/gateway/engine/trail.js';
import type { Attempt } from '../../../src/mock/attempts.js';

/** What the load did, as the test's diagnostics print it. */
export interface LoadSummary {
  requests: number;
  /** Attempts the gateway made, from its records. */
  attempts: number;
  /** Failed attempts that were followed by another one, by the category they were classified as. */
  retriesByCategory: Record<string, number>;
  resumedStreams: number;
  /** Requests served by an upstream other than their route's first target. */
  fallbacks: number;
  /** Requests whose first attempt went past their route's first target (its circuit was open). */
  firstTargetSkipped: number;
  mostAttemptsInOneRequest: number;
  malformedChunksDropped: number;
  /** What the mock played: injected faults and refused keys, by scenario. */
  mockScenarios: Record<string, number>;
}

function count(into: Record<string, number>, name: string): void {
  into[name] = (into[name] ?? 0) + 1;
}

export function summarise(records: readonly RequestRecord[], mockAttempts: readonly Attempt[], firstUpstreamOfRoute: ReadonlyMap<string, string>): LoadSummary {
  const retriesByCategory: Record<string, number> = {};
  const mockScenarios: Record<string, number> = {};
  let attempts = 0;
  let most = 0;
  for (const record of records) {
    attempts += record.attempts.length;
    most = Math.max(most, record.attempts.length);
    // The last attempt is the answer (served or returned); only the failures before it were retried
    for (const attempt of record.attempts.slice(0, -1)) if (attempt.category !== null) count(retriesByCategory, attempt.category);
  }
  for (const attempt of mockAttempts) if (attempt.scenario !== 'ok') count(mockScenarios, attempt.scenario);
  return {
    requests: records.length,
    attempts,
    retriesByCategory,
    resumedStreams: records.filter((r) => r.resumed).length,
    fallbacks: records.filter((r) => r.route !== null && r.upstream !== null && r.upstream !== firstUpstreamOfRoute.get(r.route)).length,
    firstTargetSkipped: records.filter((r) => r.route !== null && r.attempts[0] !== undefined && r.attempts[0].upstream !== firstUpstreamOfRoute.get(r.route)).length,
    mostAttemptsInOneRequest: most,
    malformedChunksDropped: records.reduce((sum, r) => sum + r.malformedChunksDropped, 0),
    mockScenarios,
  };
}
