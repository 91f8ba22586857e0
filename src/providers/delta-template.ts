/** Where a string value sits in a JSON document: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * What a string value is to a stream reader: what the delta adds (the answer's text; for a template of tool-call or
 * thinking deltas, their piece of that part), a value that changes per event and means nothing to it (ids,
 * padding), or part of the shape.
 */
export type SlotRole = 'text' | 'free' | 'fixed';

/**
 * The shape of a text delta event, learnt from one a reader has parsed and understood: its data with the
 * text and free string values cut out as slots. A later event whose data matches it byte for byte outside
 * the slots (spaces before the closing brace aside), with a valid JSON string in each slot, is valid JSON (one
 * string token swapped for another, and whitespace between tokens, keep JSON's grammar) with the same meaning,
 * and its text is read from its slot: no JSON.parse and no object per event. Anything else does not match and
 * is parsed as usual.
 */
export class DeltaTemplate {
  private constructor(
    private readonly event: string | null,
    /** The text around the slots: one more than there are slots (the last without the closing brace, when `closes`). */
    private readonly parts: readonly string[],
    private readonly textSlot: number,
    /** The data ends with a brace, which spaces may come before. */
    private readonly closes: boolean,
  ) {}

  /** The template of `data` (valid JSON), or null when it has no text slot. */
  static learn(event: string | null, data: string, roleOf: (path: JsonPath) => SlotRole): DeltaTemplate | null {
    const parts: string[] = [];
    let textSlot = -1;
    let partStart = 0;
    const path: (string | number)[] = [];
    const inArray: boolean[] = [];
    let expectKey = false;
    for (let at = 0; at < data.length; at++) {
      switch (data.charCodeAt(at)) {
        case OPEN_BRACE:
          inArray.push(false);
          path.push('');
          expectKey = true;
          break;
        case OPEN_BRACKET:
          inArray.push(true);
          path.push(0);
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          inArray.pop();
          path.pop();
          break;
        case COMMA:
          if (inArray.at(-1)) path[path.length - 1] = (path.at(-1) as number) + 1;
          else expectKey = true;
          break;
        case QUOTE: {
          const end = stringEnd(data, at);
          if (end < 0) return null;
          if (expectKey) {
            path[path.length - 1] = stringValue(data, at, end);
            expectKey = false;
          } else {
            const role = roleOf(path);
            if (role !== 'fixed') {
              if (role === 'text') textSlot = parts.length;
              parts.push(data.slice(partStart, at));
              partStart = end;
            }
          }
          at = end - 1;
          break;
        }
      }
    }
    // Spaces before the closing brace pad events to lengths that vary (Anthropic pads every event so): not part of the shape
    const tail = data.slice(partStart);
    const closing = /[ \t]*\}$/.exec(tail);
    parts.push(closing === null ? tail : tail.slice(0, closing.index));
    return textSlot < 0 ? null : new DeltaTemplate(event, parts, textSlot, closing !== null);
  }

  /** Whether text[at, end) is what ends the data: nothing, or spaces and tabs (JSON whitespace, never a line end) and the closing brace. */
  private closesAt(text: string, at: number, end: number): boolean {
    if (!this.closes) return at === end;
    while (at < end && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) at++;
    return at === end - 1 && text.charCodeAt(at) === CLOSE_BRACE;
  }

  /** The text of an event that matches this template, or null when it does not match. */
  textOf(event: string | null, data: string): string | null {
    return event === this.event ? this.textIn(data, 0, data.length) : null;
  }

  /** Whether an event matches this template (its slot's value is checked as JSON, not read). */
  matches(event: string | null, data: string): boolean {
    return event === this.event && this.textIn(data, 0, data.length, false) !== null;
  }

  /** The text of data written at text[start, end) that matches this template's data, or null ('' for any match when not `decoding`). */
  textIn(text: string, start: number, end: number, decoding = true): string | null {
    let at = start;
    let found = '';
    for (let slot = 0; ; slot++) {
      const part = this.parts[slot]!;
      // A slice compared with === is a memory compare; startsWith walks character by character
      if (text.slice(at, at + part.length) !== part) return null;
      at += part.length;
      if (slot === this.parts.length - 1) return this.closesAt(text, at, end) ? found : null;
      const stringStop = stringEnd(text, at);
      if (stringStop < 0) return null;
      if (decoding && slot === this.textSlot) found = stringValue(text, at, stringStop);
      at = stringStop;
    }
  }
}

/** Templates one stream learns at most: a stream whose deltas never match stops paying for learning. */
const MAX_LEARNT = 3;

/** The delta template of one stream, learnt from its parsed deltas (again when their shape changes, a few times at most). */
export class StreamDeltas {
  private template: DeltaTemplate | null = null;
  /** The lines of a frame that holds nothing but the template's event name and one data line, up to the data. */
  private framePrefix: string | null = null;
  private learnt = 0;

  constructor(private readonly roleOf: (path: JsonPath) => SlotRole) {}

  /** The text of an event that matches the template, or null (then the event must be parsed). */
  textOf(event: string | null, data: string): string | null {
    return this.template === null ? null : this.template.textOf(event, data);
  }

  /** Whether an event matches the template: as strict as `textOf`, without reading the slot's value. */
  matches(event: string | null, data: string): boolean {
    return this.template !== null && this.template.matches(event, data);
  }

  /** No template is held yet, and one may still be learnt from the next delta parsed. */
  get learning(): boolean {
    return this.template === null && this.learnt < MAX_LEARNT;
  }

  /** No template is held, and none will be: no frame can be read in place. */
  get matchesNothing(): boolean {
    return this.framePrefix === null && this.learnt >= MAX_LEARNT;
  }

  /** The stream has no deltas of one shape to learn (an OpenAI Responses stream, say): nothing is tried any more. */
  forgo(): void {
    this.learnt = MAX_LEARNT;
    this.template = null;
    this.framePrefix = null;
  }

  /**
   * The text of the frame whose lines are text[start, end) when they are the template's event line, if it has one,
   * and one data line that matches the template: the frame's event and data are then exactly those, and `textOf`
   * would read the same text. Null otherwise (the frame must be parsed).
   */
  frameText(text: string, start: number, end: number): string | null {
    const dataStart = this.dataStart(text, start);
    return dataStart < 0 ? null : this.template!.textIn(text, dataStart, end);
  }

  /** Whether `frameText` would find the frame a match (its slot's value is checked, not read). */
  frameMatches(text: string, start: number, end: number): boolean {
    const dataStart = this.dataStart(text, start);
    return dataStart >= 0 && this.template!.textIn(text, dataStart, end, false) !== null;
  }

  /** Where the data of a frame starting at `start` begins when its lines start as a matching frame's do, else -1. */
  private dataStart(text: string, start: number): number {
    const prefix = this.framePrefix;
    return prefix === null || text.slice(start, start + prefix.length) !== prefix ? -1 : start + prefix.length;
  }

  /** `data` (valid JSON) was parsed and means its text alone. */
  learn(event: string | null, data: string): void {
    if (this.learnt >= MAX_LEARNT) return;
    this.learnt++;
    this.template = DeltaTemplate.learn(event, data, this.roleOf);
    // Data of several lines: a frame matching it in place could hold a line that is not a data line
    this.framePrefix = this.template === null || data.includes('\n') ? null : event === null ? 'data: ' : `event: ${event}\ndata: `;
  }
}

export function pathIs(path: JsonPath, expected: JsonPath): boolean {
  return path.length === expected.length && path.every((step, index) => step === expected[index]);
}

const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The characters JSON allows after a backslash, `u` aside: " \ / b f n r t. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** Where the JSON string starting at `start` ends (after its closing quote), or -1 when it is not one JSON allows. */
function stringEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== QUOTE) return -1;
  for (let at = start + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) return at + 1;
    if (code < 0x20) return -1;
    if (code !== BACKSLASH) continue;
    const escaped = text.charCodeAt(++at);
    if (escaped === 0x75) {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) return -1;
      at += 4;
    } else if (!SIMPLE_ESCAPES.has(escaped)) {
      return -1;
    }
  }
  return -1;
}

/** The value of the valid JSON string text[start, end). */
function stringValue(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner;
}
