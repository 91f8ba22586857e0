/** Epoch ms as ISO 8601 UTC, null kept null: how every time leaves the admin API. */
export function isoTime(epochMs: number | null): string | null {
  return epochMs === null || !Number.isFinite(epochMs) ? null : new Date(epochMs).toISOString();
}
