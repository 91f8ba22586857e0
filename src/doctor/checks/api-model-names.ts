import { editDistance } from '../../core/edit-distance.js';

/**
 * Close model names for a name the API does not know: the user's name against each listed id, and
 * against each id without its dated snapshot suffix (`-20250929`, `-2024-07-18`, `-0125`), so
 * `claude-sonet-4-5` finds `claude-sonnet-4-5-20250929`.
 */
export function closeModelNames(wanted: string, listed: readonly string[], max: number): string[] {
  const target = wanted.trim().toLowerCase();
  if (target === '') return [];
  const scored = listed.map((id) => {
    const lower = id.toLowerCase();
    const distance = Math.min(editDistance(target, lower), editDistance(target, withoutSnapshot(lower)));
    // A longer id that starts with the name (`gpt-4.1` → `gpt-4.1-mini`) is close whatever its length
    return { id, score: lower.startsWith(target) ? Math.min(distance, 2) : distance };
  });
  const allowed = Math.max(2, Math.floor(target.length / 4));
  return scored
    .filter((entry) => entry.score <= allowed && entry.id.toLowerCase() !== target)
    .sort((a, b) => a.score - b.score || a.id.length - b.id.length || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((entry) => entry.id);
}

const withoutSnapshot = (id: string): string => id.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|\d{3})$/, '');
