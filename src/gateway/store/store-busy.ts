/**
 * Whether a store write failed because another connection held the write lock for longer than this one
 * waits (SQLite's SQLITE_BUSY and its extended codes): worth trying again, nothing is wrong with the store.
 */
export function isStoreBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
