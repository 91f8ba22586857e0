import { SseFrames } from '../sse-frames.js';
import type { ClientStreamFraming } from '../wire.js';

/**
 * Without `alt=sse` Google streams one JSON array that grows as the answer does: `[{…}` first, then
 * `\n,\r\n{…}` per chunk, pretty-printed, and `\n]` at the end (as the simulator plays it: see
 * simulated-stream.ts). The gateway always asks the upstream for SSE, so that every stream reads alike; a
 * client that asked for the array gets each event's JSON as the next element, and an error event as an
 * element of its own before the close, the way Google ends a failed array.
 */
export class JsonArrayFraming implements ClientStreamFraming {
  readonly contentType = 'application/json; charset=UTF-8';
  private readonly frames = new SseFrames();
  private elements = 0;

  reframe(sse: string): string {
    let out = '';
    for (const frame of this.frames.push(sse)) {
      if (frame.data === '') continue;
      out += `${this.elements++ === 0 ? '[' : '\n,\r\n'}${googleJson(JSON.parse(frame.data))}`;
    }
    return out;
  }

  close(): string {
    return this.elements === 0 ? '[]' : '\n]';
  }
}

/** Pretty-printed with two spaces, `<` and `>` escaped, as Google's front end writes JSON (they occur only in strings). */
function googleJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

/** Whether the caller asked for SSE (`alt=sse`, or the system parameter's other name, `$alt`). */
export function wantsSse(query: URLSearchParams): boolean {
  return (query.get('alt') ?? query.get('$alt')) === 'sse';
}
