import type { ServerResponse } from 'node:http';
import type { SimResponse, StreamPlan } from '../providers/simulator.js';
import { resetConnection, send, sleep } from './http-io.js';

export interface Pacing {
  firstTokenMs: number;
  tokensPerSecond: number;
  slowFirstTokenMs: number;
}

/** What the transport scenarios do to an answer that was otherwise fine. */
export type TransportFault = 'slow_first_token' | 'stream_cut' | 'stream_stall' | 'malformed_chunk' | 'no_done' | null;

const MID_STREAM_PAUSE_MS = 50;

/** Sends a complete (non-streamed) answer, damaged as the fault says. Returns the outcome to log. */
export async function deliverAnswer(res: ServerResponse, answer: SimResponse, fault: TransportFault, pacing: Pacing, outputTokens: number): Promise<string | number> {
  await sleep(fault === 'slow_first_token' ? pacing.slowFirstTokenMs : pacing.firstTokenMs + generationMs(outputTokens, pacing));
  if (fault === 'stream_cut' || fault === 'stream_stall') {
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.write(answer.body.slice(0, Math.floor(answer.body.length / 2)));
    await sleep(MID_STREAM_PAUSE_MS);
    if (fault === 'stream_cut') resetConnection(res);
    return fault; // a stall keeps the connection open and silent; the server closes it on shutdown
  }
  send(res, fault === 'malformed_chunk' ? { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) } : answer);
  return answer.status;
}

/** Plays a stream frame by frame with the configured pacing (or at each frame's `dueAt`) and the fault's damage. */
export async function deliverStream(res: ServerResponse, plan: StreamPlan, fault: TransportFault, pacing: Pacing): Promise<string | number> {
  const frames = fault === 'no_done' ? plan.frames.filter((f) => !f.terminator) : plan.frames;
  const deltas = frames.flatMap((f, i) => (f.delta ? [i] : []));
  const firstDelta = deltas[0] ?? -1;
  const middleDelta = deltas[Math.floor(deltas.length / 2)] ?? -1;
  const timed = frames.some((frame) => frame.dueAt !== undefined);
  const paced = timed || pacing.firstTokenMs > 0 || pacing.tokensPerSecond > 0 || fault !== null;
  res.writeHead(plan.status, plan.headers);
  if (!paced) {
    res.end(frames.map((f) => f.data).join(''));
    return plan.status;
  }
  for (const [i, frame] of frames.entries()) {
    if (timed) await sleep((frame.dueAt ?? 0) - Date.now());
    else if (i === firstDelta) await sleep(fault === 'slow_first_token' ? pacing.slowFirstTokenMs : pacing.firstTokenMs);
    else if (frame.delta && pacing.tokensPerSecond > 0) await sleep(1000 / pacing.tokensPerSecond);
    if (res.destroyed) return 'client_closed';
    if (i === middleDelta && (fault === 'stream_cut' || fault === 'stream_stall')) {
      // Let the client read the head of the stream first, so the break comes mid-answer
      await sleep(MID_STREAM_PAUSE_MS);
      if (fault === 'stream_cut') resetConnection(res);
      return fault;
    }
    res.write(i === middleDelta && fault === 'malformed_chunk' ? malformed(frame.data) : frame.data);
  }
  res.end();
  return plan.status;
}

/** A frame cut in half, keeping its SSE terminator so the client parses it (and fails on the JSON). */
function malformed(data: string): string {
  const ending = /\r?\n\r?\n$/.exec(data)?.[0] ?? '';
  const content = data.slice(0, data.length - ending.length);
  return content.slice(0, Math.max(1, Math.floor(content.length / 2))) + ending;
}

function generationMs(tokens: number, pacing: Pacing): number {
  return pacing.tokensPerSecond > 0 ? (tokens * 1000) / pacing.tokensPerSecond : 0;
}
