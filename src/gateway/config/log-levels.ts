import type { LogLevel } from './types.js';

/** From the most to the least verbose; `silent` logs nothing. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** The level `text` names (any case, surrounding spaces ignored), or null when it names none. */
export function parseLogLevel(text: string): LogLevel | null {
  const written = text.trim().toLowerCase();
  return LOG_LEVELS.find((level) => level === written) ?? null;
}
