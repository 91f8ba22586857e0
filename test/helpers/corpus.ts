import { readFileSync } from 'node:fs';
import type { ClassifyInput } from '../../src/core/diagnosis.js';

export interface CorpusCase {
  id: string;
  provider: string;
  http_status: number | null;
  headers?: Record<string, string> | null;
  body?: string | null;
  message?: string | null;
  node_error_code?: string | null;
  category: string;
  source: string;
  note?: string;
}

/** The development half of the real-world error corpus (copied from shared/corpus). */
export function loadDevCorpus(): CorpusCase[] {
  return loadCorpus('errors-dev.jsonl');
}

/**
 * An independent validation set: 157 more real pastes from public issue threads (none in the dev
 * half), collected and labelled separately to measure how the rules generalize.
 */
export function loadValidationCorpus(): CorpusCase[] {
  return loadCorpus('errors-validation.jsonl');
}

function loadCorpus(name: string): CorpusCase[] {
  const url = new URL(`../fixtures/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as CorpusCase);
}

/** Fixed clock so reset timestamps in the corpus give stable delays. */
export const CORPUS_NOW = Date.parse('2025-06-30T12:00:00Z');

export function corpusInput(c: CorpusCase): ClassifyInput {
  return { status: c.http_status, headers: c.headers, body: c.body, message: c.message, nodeErrorCode: c.node_error_code, now: CORPUS_NOW };
}
