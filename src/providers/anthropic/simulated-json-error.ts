/**
 * The API's answer to a body that is not JSON names the parser's reason and where it stopped,
 * Python-style: "The request body is not valid JSON: unexpected character: line 8 column 316
 * (char 466)" (promptfoo/promptfoo#4489), "…: no low surrogate in string: line 1 column 134323
 * (char 134322)" (anthropics/claude-code#6464). V8's messages do not always give a position, so the
 * first bad offset is found here with a small scanner (only on this error path). The reasons
 * "unexpected end of data" and "Input is a zero-length, empty document" are the same parser's
 * (orjson/yyjson) wording for the other two cases: reconstructed, no paste of them was found.
 */
export function invalidJsonMessage(text: string): string {
  let reason: string;
  let at: number;
  if (text.length === 0) {
    reason = 'Input is a zero-length, empty document';
    at = 0;
  } else {
    at = firstSyntaxError(text);
    reason = at >= text.length ? 'unexpected end of data' : 'unexpected character';
  }
  const lastNewline = text.lastIndexOf('\n', at - 1);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return `The request body is not valid JSON: ${reason}: line ${line} column ${at - lastNewline} (char ${at})`;
}

/** Offset of the first character that breaks the JSON grammar (text.length when it ends too early). */
function firstSyntaxError(text: string): number {
  const scanner = new Scanner(text);
  try {
    if (!scanner.value()) return scanner.at;
    scanner.space();
    return scanner.at < text.length ? scanner.at : 0;
  } catch {
    // Nesting deep enough to exhaust the stack: report where the scan gave up.
    return scanner.at;
  }
}

const LITERALS = ['true', 'false', 'null'];

class Scanner {
  at = 0;
  constructor(private readonly s: string) {}

  space(): void {
    const s = this.s;
    while (this.at < s.length) {
      const c = s.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.at++;
    }
  }

  value(): boolean {
    this.space();
    const c = this.s[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const literal of LITERALS) {
      if (c === literal[0]) return this.literal(literal);
    }
    return false;
  }

  private object(): boolean {
    this.at++;
    this.space();
    if (this.s[this.at] === '}') return this.step();
    for (;;) {
      this.space();
      if (this.s[this.at] !== '"' || !this.string()) return false;
      this.space();
      if (this.s[this.at] !== ':') return false;
      this.at++;
      if (!this.value()) return false;
      this.space();
      if (this.s[this.at] === ',') this.at++;
      else return this.s[this.at] === '}' && this.step();
    }
  }

  private array(): boolean {
    this.at++;
    this.space();
    if (this.s[this.at] === ']') return this.step();
    for (;;) {
      if (!this.value()) return false;
      this.space();
      if (this.s[this.at] === ',') this.at++;
      else return this.s[this.at] === ']' && this.step();
    }
  }

  private string(): boolean {
    const s = this.s;
    this.at++;
    while (this.at < s.length) {
      const c = s.charCodeAt(this.at);
      if (c === 0x22) return this.step();
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = s[this.at + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.at + 2, this.at + 6))) return false;
          this.at += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
        this.at += 2;
        continue;
      }
      this.at++;
    }
    return false;
  }

  private number(): boolean {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.at, this.at + 400));
    if (!match || match[0] === '-' || match[0].length === 0) return false;
    this.at += match[0].length;
    return true;
  }

  /** A broken literal is reported where it starts ("tru}" at the "t"). */
  private literal(word: string): boolean {
    if (!this.s.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  private step(): true {
    this.at++;
    return true;
  }
}
