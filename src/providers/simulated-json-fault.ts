/**
 * Where a body that JSON.parse refused first breaks the JSON grammar, for the simulators that quote
 * the position in their parse errors (Anthropic's "line 8 column 316 (char 466)", Google's caret).
 * A small recursive-descent reader, run only on that error path.
 */

export interface JsonFault {
  /** Offset of the first character that cannot continue a JSON text (text.length when it ends too early). */
  offset: number;
  /** The text ended before the value did. */
  end: boolean;
}

const HEX = /^[0-9a-fA-F]$/;
const DIGIT = /^[0-9]$/;

class Fault extends Error {
  constructor(readonly at: number) {
    super('invalid JSON');
  }
}

export function findJsonFault(text: string): JsonFault {
  let i = 0;
  const fail = (): never => {
    throw new Fault(i);
  };
  const skip = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  // A misspelt literal (`nan`, `tru}`) is an unexpected token where it starts
  const expect = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (text.charCodeAt(i) < 0x20) fail();
      if (ch === '\\') {
        i++;
        const escaped = text[i];
        if (escaped === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!HEX.test(text[i] ?? '')) fail();
          }
        } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) fail();
      }
      i++;
    }
  };
  const digits = () => {
    if (!DIGIT.test(text[i] ?? '')) fail();
    while (DIGIT.test(text[i] ?? '')) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    skip();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail();
  };
  const object = () => {
    i++;
    skip();
    if (text[i] === '}') return void i++;
    for (;;) {
      skip();
      if (text[i] !== '"') fail();
      string();
      skip();
      if (text[i] !== ':') fail();
      i++;
      value();
      skip();
      if (text[i] === '}') return void i++;
      if (text[i] !== ',') fail();
      i++;
    }
  };
  const array = () => {
    i++;
    skip();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      skip();
      if (text[i] === ']') return void i++;
      if (text[i] !== ',') fail();
      i++;
    }
  };
  try {
    value();
    skip();
    if (i < text.length) fail();
  } catch (error) {
    // Nesting deep enough to exhaust the stack (`[[[[…`): report where the scan gave up
    const at = error instanceof Fault ? error.at : error instanceof RangeError ? i : null;
    if (at === null) throw error;
    return { offset: at, end: at >= text.length };
  }
  // JSON.parse refused it but this reader did not (lone surrogates and the like)
  return { offset: 0, end: false };
}
