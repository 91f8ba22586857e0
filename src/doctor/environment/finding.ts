import type { Category } from '../../core/categories.js';
import type { DoctorProvider, Finding, FindingStatus } from '../types.js';

/** A finding with the defaults of local checks: no category, no fixes, no measurable duration. */
export function finding(
  provider: DoctorProvider | 'machine',
  check: string,
  status: FindingStatus,
  title: string,
  detail: string,
  extra: { category?: Category | null; fixes?: string[]; durationMs?: number } = {},
): Finding {
  return {
    provider,
    check,
    status,
    category: extra.category ?? null,
    title,
    detail,
    fixes: extra.fixes ?? [],
    durationMs: extra.durationMs ?? 0,
  };
}

/** `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
