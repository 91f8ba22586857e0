/** One server-sent event: its exact text (blank line included), its `event:` name and its joined `data:` lines. */
export interface SseFrame {
  raw: string;
  event: string | null;
  data: string;
}

/**
 * One complete frame in `text`: its lines in [start, textEnd), its blank line up to `next`; `hasCr`: the text holds a
 * CR somewhere.
 */
export type FrameVisitor = (text: string, start: number, textEnd: number, next: number, hasCr: boolean) => void;

/**
 * Splits a byte stream's text into server-sent events as they complete. Handles frames split across
 * chunks, LF / CRLF / CR line ends and comment lines; a frame ends at a blank line.
 */
export class SseFrames {
  /**
   * Text received since the last complete frame, in pieces: joined only once a frame is complete, so a
   * large frame (a Responses `response.completed` with the whole answer) arriving in many small reads
   * is not copied and rescanned on every read.
   */
  private pieces: string[] = [];
  /** The last characters received: a blank line split across reads starts in them (at most 3 of 4). */
  private tail = '';

  /** The frames `chunk` completes, in order. */
  push(chunk: string): SseFrame[] {
    const frames: SseFrame[] = [];
    this.scan(chunk, (text, start, textEnd, next, hasCr) => frames.push(frameAt(text, start, textEnd, next, hasCr)));
    return frames;
  }

  /**
   * Hands `visit` each frame `chunk` completes, in order, as a place in one text rather than as a frame: a reader
   * may read some frames in place (see read-chunk) and make `frameAt` of the others.
   */
  scan(chunk: string, visit: FrameVisitor): void {
    if (chunk === '') return;
    const probe = this.tail + chunk;
    const probeHasCr = probe.includes('\r');
    const probed = frameEnd(probe, 0, probeHasCr);
    if (probed === null) {
      this.pieces.push(chunk);
      this.tail = probe.slice(-3);
      return;
    }
    // With nothing pending (the usual case: each read holds whole frames) the probe was the chunk itself
    const nothingPending = this.pieces.length === 0;
    const text = nothingPending ? chunk : this.pieces.join('') + chunk;
    // Looked for once per read, not once per frame: a read may hold hundreds of frames
    const hasCr = nothingPending ? probeHasCr : text.includes('\r');
    let start = 0;
    for (let end = nothingPending ? probed : frameEnd(text, 0, hasCr); end !== null; end = start === text.length ? null : frameEnd(text, start, hasCr)) {
      visit(text, start, end.textEnd, end.next, hasCr);
      start = end.next;
    }
    const pending = text.slice(start);
    this.pieces = pending === '' ? [] : [pending];
    this.tail = pending.slice(-3);
  }

  /** The stream ended: a last frame without its blank line still counts (with one added to its text). */
  end(): SseFrame[] {
    const rest = this.pieces.join('');
    this.pieces = [];
    this.tail = '';
    if (rest.trim() === '') return [];
    const text = rest.replace(/(\r\n|\r|\n)+$/, '');
    return [parseFrame(text, `${text}\n\n`, text.includes('\r'))];
  }
}

// A CR directly followed by LF is one line end (CRLF), never two: `\r(?!\n)` keeps the regex from
// backtracking into reading `\r\n` as an empty line
const BLANK_LINE = /(\r\n|\n|\r(?!\n))(\r\n|\n|\r(?!\n))/g;

/** Where the first frame at or after `start` ends: its text's end and where the next frame starts. */
function frameEnd(text: string, start: number, hasCr: boolean): { textEnd: number; next: number } | null {
  // Without CR (nearly every provider), a blank line is "\n\n": no regex needed
  if (!hasCr) {
    const at = text.indexOf('\n\n', start);
    return at === -1 ? null : { textEnd: at, next: at + 2 };
  }
  BLANK_LINE.lastIndex = start;
  const match = BLANK_LINE.exec(text);
  if (match === null) return null;
  // A lone CR at the very end may be the first half of a CRLF still in flight
  if (match.index + match[0].length === text.length && text.endsWith('\r')) return null;
  return { textEnd: match.index, next: match.index + match[0].length };
}

/** The frame a `FrameVisitor` was handed. */
export function frameAt(text: string, start: number, textEnd: number, next: number, hasCr: boolean): SseFrame {
  return parseFrame(text.slice(start, textEnd), text.slice(start, next), hasCr);
}

function parseFrame(text: string, raw: string, hasCr: boolean): SseFrame {
  const oneLine = !text.includes('\n') && !(hasCr && text.includes('\r'));
  // The common frame: one `data: ...` line
  if (oneLine && text.startsWith('data: ')) return { raw, event: null, data: text.slice(6) };
  let event: string | null = null;
  const data: string[] = [];
  for (const line of oneLine ? [text] : hasCr && text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { raw, event, data: data.join('\n') };
}
