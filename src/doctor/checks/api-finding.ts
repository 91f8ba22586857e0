import type { Category } from '../../core/categories.js';
import { describeSecret, redactSecrets } from '../../core/redact.js';
import type { CheckContext, Finding, FindingStatus, ProviderTarget } from '../types.js';

export interface FindingDraft {
  status: FindingStatus;
  category?: Category | null;
  title: string;
  detail: string;
  fixes?: string[];
}

export type ReportFinding = (check: string, draft: FindingDraft, startedAt: number) => Finding;

/**
 * Reports one finding of the API checks. Every text passes through `scrubSecrets` first: a provider
 * echo, an error message or a URL could carry the key, and nothing we print may.
 */
export function findingReporter(target: ProviderTarget, ctx: CheckContext): ReportFinding {
  return (check, draft, startedAt) => {
    const scrub = (text: string) => scrubSecrets(text, target.key);
    const finding: Finding = {
      provider: target.provider,
      check,
      status: draft.status,
      category: draft.category ?? null,
      title: scrub(draft.title),
      detail: scrub(draft.detail),
      fixes: (draft.fixes ?? []).map(scrub),
      durationMs: Math.max(0, Date.now() - startedAt),
    };
    ctx.report(finding);
    return finding;
  };
}

/** Replaces the key (whole, trimmed, or any long piece of it split at whitespace) and anything key-shaped. */
export function scrubSecrets(text: string, key: string | null): string {
  let out = text;
  if (key) {
    const pieces = [key, key.trim(), ...key.split(/\s+/)].filter((piece) => piece.length >= 8);
    for (const piece of [...new Set(pieces)].sort((a, b) => b.length - a.length)) out = out.split(piece).join(describeSecret(key.trim()));
  }
  return redactSecrets(out);
}

/** `sk-proj-…a1B2 (fp 3f9c1e) from environment OPENAI_API_KEY`. */
export function describeKey(target: ProviderTarget): string {
  if (!target.key) return 'no key';
  return `key ${describeSecret(target.key.trim())}${target.keySource ? ` from ${target.keySource}` : ''}`;
}
