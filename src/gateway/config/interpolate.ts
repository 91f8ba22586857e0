/**
 * `${NAME}` in a config string is replaced by the variable's value; `$${` stands for a literal `${`.
 * One pass: a value that itself contains `${` is kept as it is.
 */

export type Interpolation =
  | { ok: true; value: string; variables: string[] }
  | { ok: false; problem: 'unset' | 'empty'; variable: string }
  | { ok: false; problem: 'malformed'; reference: string };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): Interpolation {
  let value = '';
  const variables: string[] = [];
  let position = 0;
  while (position < text.length) {
    if (text.startsWith('$${', position)) {
      value += '${';
      position += 3;
      continue;
    }
    if (!text.startsWith('${', position)) {
      value += text[position];
      position += 1;
      continue;
    }
    const close = text.indexOf('}', position + 2);
    const name = close === -1 ? null : text.slice(position + 2, close);
    if (name === null || !VARIABLE_NAME.test(name)) {
      return { ok: false, problem: 'malformed', reference: text.slice(position, close === -1 ? undefined : close + 1) };
    }
    const variable = env[name];
    if (variable === undefined) return { ok: false, problem: 'unset', variable: name };
    if (variable === '') return { ok: false, problem: 'empty', variable: name };
    value += variable;
    if (!variables.includes(name)) variables.push(name);
    position = close + 1;
  }
  return { ok: true, value, variables };
}
