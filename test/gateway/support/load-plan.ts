import { seededRandom } from '../../../src/core/seeded-random.js';

/** What one request of the load test is: its API, whether it streams, how it is read, and whether it is bad on purpose. */
export type JobKind =
  | 'openai-whole'
  | 'openai-stream'
  /** Read as raw SSE bytes, to count end markers and spot malformed data lines the SDK would hide. */
  | 'openai-raw-stream'
  | 'anthropic-stream'
  | 'anthropic-raw-stream'
  /** An empty `messages` array: the provider's 400 is the answer, never retried. */
  | 'openai-bad-whole'
  | 'openai-bad-stream'
  | 'anthropic-bad-stream';

export interface Job {
  index: number;
  kind: JobKind;
  /** Distinct per request, so the mock's answers differ. */
  prompt: string;
}

/** Shares of the load; about half of it streams. */
const MIX: ReadonlyArray<readonly [JobKind, number]> = [
  ['openai-whole', 0.48],
  ['openai-stream', 0.26],
  ['openai-raw-stream', 0.06],
  ['anthropic-stream', 0.1],
  ['anthropic-raw-stream', 0.06],
  ['openai-bad-whole', 0.02],
  ['openai-bad-stream', 0.01],
  ['anthropic-bad-stream', 0.01],
];

export function isBadOnPurpose(kind: JobKind): boolean {
  return kind.includes('-bad-');
}

export function isStreamed(kind: JobKind): boolean {
  return kind.endsWith('stream');
}

/** The same seed always gives the same list of jobs. */
export function loadPlan(count: number, seed: number): Job[] {
  const random = seededRandom(seed);
  const jobs: Job[] = [];
  for (let index = 0; index < count; index++) {
    let draw = random();
    const kind = MIX.find(([, share]) => (draw -= share) < 0)?.[0] ?? 'openai-whole';
    jobs.push({ index, kind, prompt: `Load request ${index}: answer in one sentence.` });
  }
  return jobs;
}
