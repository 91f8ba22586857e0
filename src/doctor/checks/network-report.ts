import type { Category } from '../../core/categories.js';
import type { FindingStatus } from '../types.js';

/** How the network checks hand findings out, and how a path (direct or proxied) ended. */
export type Report = (
  check: string, status: FindingStatus, category: Category | null, title: string, detail: string, fixes: string[], durationMs: number,
) => void;

/** `works` is null when it could not be decided (skipped, stopped by the time box). */
export interface PathVerdict {
  works: boolean | null;
  /** The step that failed and how, e.g. `DNS: api.example.com did not resolve (ENOTFOUND)`. */
  summary: string;
}

export function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** The finding text of a step cut short by the run's time box. */
export function stopped(waitingFor: string): { title: string; detail: string } {
  return { title: `Stopped: the check's time box ended while waiting for ${waitingFor}`, detail: `No answer yet from ${waitingFor} when the run's time budget ran out.` };
}
