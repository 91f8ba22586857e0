/**
 * `${NAME}` is not valid YAML everywhere: in a flow collection (`keys: [${KEY_1}, ${KEY_2}]`) the braces
 * are flow indicators and break the parse. Before parsing, the braces of each reference are swapped for
 * two private-use characters (one UTF-16 unit each, so every offset and line stays where it was);
 * after parsing, `restoreReferences` puts them back in every string.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The text with references protected; unchanged when it already uses the private-use characters. */
export function protectReferences(text: string): string {
  if (text.includes(OPEN) || text.includes(CLOSE)) return text;
  return text.replace(REFERENCE, (_, name: string) => `$${OPEN}${name}${CLOSE}`);
}

export function restoreReferences(text: string): string {
  return text.replaceAll(OPEN, '{').replaceAll(CLOSE, '}');
}
