/** A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of fields as CSV text, lines ended by CRLF as RFC 4180 says. */
export function csvLines(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
