export type Alignment = 'left' | 'right';

/**
 * Columns padded to their widest cell, two spaces apart, numbers right-aligned; no trailing spaces.
 * `footer` rows (totals) come after a rule as wide as the table.
 */
export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, alignments: readonly Alignment[] = [], footer: ReadonlyArray<readonly string[]> = []): string {
  const all = [headers, ...rows, ...footer];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string =>
    widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        return alignments[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1));
  const body = [line(headers), ...rows.map(line)];
  if (footer.length > 0) body.push(rule, ...footer.map(line));
  return `${body.join('\n')}\n`;
}

/** 2000000 → 2,000,000. */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Epoch ms as `2026-11-01 14:05` (UTC). */
export function minuteUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ');
}
