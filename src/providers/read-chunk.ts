import type { StreamDeltas } from './delta-template.js';
import { frameAt, type SseFrame, type SseFrames } from './sse-frames.js';
import { streamEvent } from './stream-event.js';
import type { StreamEvent } from './wire.js';

const OTHER_CONTENT: Partial<StreamEvent> = { otherContent: true };

/**
 * The events of one chunk of an SSE stream. Text deltas that match the stream's learnt template and follow one
 * another come out as one event (their frames and their texts, each joined), read where they lie: no frame, event
 * or string per delta, for what is most of a long answer. Each is text alone (no opening, finish, usage or error,
 * and never empty), so a run means to a relay what its deltas mean one by one. So do the deltas that match
 * `otherDeltas` (a tool call's arguments, thinking): a run of them is one event of other content. Every other frame
 * is made a frame and handed to `read`, in stream order.
 */
export function readChunk(
  chunk: string,
  frames: SseFrames,
  deltas: StreamDeltas,
  otherDeltas: StreamDeltas,
  read: (frame: SseFrame) => StreamEvent,
): StreamEvent[] {
  if (deltas.matchesNothing && otherDeltas.matchesNothing) return frames.push(chunk).map(read);
  const events: StreamEvent[] = [];
  // The frames of one scan lie end to end in one text: a run is the span from its first frame to its last
  let scanned = '';
  let scannedHasCr = false;
  let runStart = -1;
  let runEnd = 0;
  let runText = '';
  let runIsOther = false;
  // Frames still to read, as (start, textEnd, next): making several before reading them is about a fifth cheaper
  // than making and reading each in turn (measured on Responses streams, whose every frame is read)
  const unread: number[] = [];
  const endRun = (): void => {
    if (runStart === -1) return;
    events.push(streamEvent(scanned.slice(runStart, runEnd), runIsOther ? OTHER_CONTENT : { text: runText }));
    runStart = -1;
    runText = '';
  };
  const readUnread = (): void => {
    if (unread.length === 0) return;
    const made: SseFrame[] = [];
    for (let at = 0; at < unread.length; at += 3) made.push(frameAt(scanned, unread[at]!, unread[at + 1]!, unread[at + 2]!, scannedHasCr));
    unread.length = 0;
    for (const frame of made) events.push(read(frame));
  };
  frames.scan(chunk, (text, start, textEnd, next, hasCr) => {
    scanned = text;
    scannedHasCr = hasCr;
    const found = deltas.frameText(text, start, textEnd);
    const isText = found !== null && found !== '';
    if (isText || otherDeltas.frameMatches(text, start, textEnd)) {
      readUnread();
      if (runStart !== -1 && runIsOther === isText) endRun();
      if (runStart === -1) {
        runStart = start;
        runIsOther = !isText;
      }
      runEnd = next;
      if (isText) runText += found;
      return;
    }
    endRun();
    unread.push(start, textEnd, next);
    // Until a template is learnt, each frame is read before the next is looked at: it may be the one that teaches it
    if (deltas.learning && otherDeltas.learning) readUnread();
  });
  endRun();
  readUnread();
  return events;
}
