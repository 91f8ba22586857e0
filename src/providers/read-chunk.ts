import type { StreamDeltas } from './delta-template.js';
import type { SseFrame, SseFrames } from './sse-frames.js';
import { streamEvent } from './stream-event.js';
import type { StreamEvent } from './wire.js';

/**
 * The events of one chunk of an SSE stream. Text deltas that match the stream's learnt template and follow one
 * another come out as one event (their frames and their texts, each joined), read straight from the chunk: no
 * frame, event or string per delta, for what is most of a long answer. Each is text alone (no opening, finish,
 * usage or error, and never empty), so a run means to a relay what its deltas mean one by one. Only a chunk that
 * starts on a frame boundary is read so, as nearly every read does; any other chunk, and any frame that is not such
 * a delta (a CR in it included: the learnt frame had LF line ends), goes through `frames` and `read`.
 */
export function readChunk(chunk: string, frames: SseFrames, deltas: StreamDeltas, read: (frame: SseFrame) => StreamEvent): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (!frames.idle) {
    for (const frame of frames.push(chunk)) events.push(read(frame));
    return events;
  }
  let at = 0;
  let runStart = -1;
  let runText = '';
  for (let end = chunk.indexOf('\n\n'); end !== -1; end = chunk.indexOf('\n\n', at)) {
    const text = deltas.frameText(chunk, at, end);
    if (text !== null && text !== '') {
      if (runStart === -1) runStart = at;
      runText += text;
    } else {
      if (runStart !== -1) {
        events.push(streamEvent(chunk.slice(runStart, at), { text: runText }));
        runStart = -1;
        runText = '';
      }
      // One whole frame: it leaves `frames` idle
      for (const frame of frames.push(chunk.slice(at, end + 2))) events.push(read(frame));
    }
    at = end + 2;
  }
  if (runStart !== -1) events.push(streamEvent(chunk.slice(runStart, at), { text: runText }));
  if (at < chunk.length) for (const frame of frames.push(chunk.slice(at))) events.push(read(frame));
  return events;
}
