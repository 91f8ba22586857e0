// Plain-text tables for bench output: first column left-aligned, the others right-aligned.

/** Renders rows (arrays of cells) under a header, each column as wide as its widest cell. */
export function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ').trimEnd())
    .join('\n');
}

/** Fixed decimals, or a dash for a value that was not measured. */
export const fixed = (value, decimals = 2) => (Number.isFinite(value) ? value.toFixed(decimals) : '-');

/** Whole numbers with thousands separators. */
export const whole = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');

/** A signed difference: +0.31, -0.02. */
export const signed = (value, decimals = 2) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(decimals)}` : '-');
