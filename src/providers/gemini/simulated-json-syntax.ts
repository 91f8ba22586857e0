/**
 * Google's words for a body that is not JSON: "Invalid JSON payload received. Unexpected token.",
 * then up to 20 characters either side of the fault and a caret under it:
 *   `Invalid JSON payload received. Unexpected token.\nnot json\n^`
 *   `...Unexpected token.\nassociation_score": NaN, "trial_weight":\n                    ^`
 * (real messages quoted in public code: BigQuery insertAll, Gemini with `NaN` in a tool result).
 * A body that ends too early gets "Unexpected end of string. Expected a value.\n\n^" (as quoted by a
 * Firestore emulator that copies production wording). Only called after JSON.parse failed.
 */
export function invalidJsonMessage(text: string): string {
  const fault = findFault(text);
  if (fault.end) return 'Invalid JSON payload received. Unexpected end of string. Expected a value.\n\n^';
  const from = Math.max(0, fault.offset - 20);
  const excerpt = text.slice(from, fault.offset + 20);
  return `Invalid JSON payload received. Unexpected token.\n${excerpt}\n${' '.repeat(fault.offset - from)}^`;
}

interface Fault {
  offset: number;
  end: boolean;
}

const HEX = /^[0-9a-fA-F]$/;
const DIGIT = /^[0-9]$/;

class JsonFault extends Error {
  constructor(readonly fault: Fault) {
    super('invalid JSON');
  }
}

/** A small recursive-descent reader that only answers where the JSON first goes wrong. */
function findFault(text: string): Fault {
  let i = 0;
  const fail = (): never => {
    throw new JsonFault({ offset: i, end: i >= text.length });
  };
  const skip = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  // A misspelt literal (`nan`, `not json`) is an unexpected token where it starts
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
    if (error instanceof JsonFault) return error.fault;
    throw error;
  }
  // JSON.parse refused it but this reader did not (lone surrogates and the like)
  return { offset: 0, end: false };
}
