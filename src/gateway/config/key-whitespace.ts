/**
 * Where a key holds whitespace, in words ("ends with a newline"). No provider key contains any: it
 * is a copy-paste or file-format accident, and the provider answers it with a puzzling 401.
 */
export function keyWhitespaceProblem(secret: string): string | null {
  const first = secret.search(/\s/);
  if (first === -1) return null;
  const character = secret[first] ?? ' ';
  const what = WHITESPACE_NAMES[character] ?? 'whitespace';
  if (first === 0) return `starts with ${what}`;
  if (secret.slice(first).trim() === '') return `ends with ${what}`;
  return `has ${what} inside`;
}

const WHITESPACE_NAMES: Record<string, string> = {
  '\n': 'a newline',
  '\r': 'a carriage return (a Windows line end)',
  '\t': 'a tab',
  ' ': 'a space',
  '\u00a0': 'a non-breaking space',
};
