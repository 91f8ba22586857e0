import { StringDecoder } from 'node:string_decoder';
import type { Diagnosis } from '../../core/diagnosis.js';
import { classify } from '../../providers/classify.js';
import type { StreamEvent, Usage } from '../../providers/wire.js';
import type { Delivery, LiveAttempt } from './attempt-loop.js';
import type { GatewayCall } from './call.js';
import type { ClientStream } from './client-stream.js';
import { failureOfError, transportError, type Failure } from './failure.js';
import { malformedAnswerFailure } from './gateway-failures.js';
import { StreamDeadline } from './stream-deadline.js';
import type { AttemptAnswer } from './send-attempt.js';
import type { Trail } from './trail.js';

export interface RelayOptions {
  hideUsage: boolean;
  firstTokenMs: number;
  /** Silence allowed once tokens flow (before the first token, firstTokenMs rules). */
  streamIdleMs: number;
}

/**
 * Relays one upstream stream into the client's. Events before the first token (text, or any other part of
 * the answer: a tool call, reasoning) are held, so a failure until then is retried without the client seeing
 * anything; a malformed event is never forwarded and ends the attempt like a cut (its text is lost, so the
 * answer resumes from what the client has); an answer that finished without its end marker gets one. A
 * continuation (the client's stream already started) drops its opening events, so the client reads one answer.
 * A stream that ends or stalls before the answer finished is a failure, never a success.
 */
export async function relayStream(
  stream: ClientStream,
  call: GatewayCall,
  trail: Trail,
  answer: AttemptAnswer,
  attempt: LiveAttempt,
  options: RelayOptions,
): Promise<Delivery> {
  const continuation = stream.started;
  // A stored answer streamed again brings its usage as a read's (see Delivered)
  const generates = call.match.generates;
  const reader = call.wire.streamReader({ hideUsage: options.hideUsage, request: call.body ?? undefined });
  const held: string[] = [];
  let usage: Usage | null = null;
  let answerId: string | null = null;
  let gotToken = false;
  let finished = false;
  let terminated = false;
  let failure: Failure | null = null;
  const body = answer.body;
  // Multi-byte characters may straddle chunks
  const decoder = new StringDecoder('utf8');
  const deadline = new StreamDeadline(attempt.startedAt + options.firstTokenMs, options.streamIdleMs, (flowing) =>
    body.destroy(
      flowing
        ? transportError('UND_ERR_BODY_TIMEOUT', `the stream was silent for ${options.streamIdleMs} ms`)
        : transportError('UND_ERR_HEADERS_TIMEOUT', `no token within ${options.firstTokenMs} ms of the request`),
    ),
  );

  const take = (events: StreamEvent[]): string => {
    let out = '';
    for (const event of events) {
      if (terminated || failure) break;
      // A garbled event lost part of the answer: never forwarded, and the answer is taken up again from what the client has
      if (event.malformed) {
        trail.malformed++;
        failure = malformedAnswerFailure(attempt.target, attempt.lease.fingerprint);
        break;
      }
      if (event.usage) usage = event.usage;
      if (event.answerId !== null && event.answerId !== answerId) {
        answerId = event.answerId;
        attempt.storing(answerId);
        if (!continuation) stream.storedAs = { answerId, upstream: attempt.target.upstream.name, keyIndex: attempt.lease.keyIndex };
      }
      if (event.error !== null && event.error !== undefined) {
        failure = failureOfStreamError(event.error, attempt);
        break;
      }
      if (event.hidden) continue;
      if (!gotToken) {
        const isToken = event.text !== '' || event.otherContent || event.finishes || event.terminates;
        if (!isToken) {
          if (!continuation) held.push(event.raw);
          continue;
        }
        gotToken = true;
        deadline.tokensFlowing(Date.now());
        if (!continuation) {
          stream.start(attempt.target);
          out += held.join('');
        }
      }
      out += event.raw;
      stream.partialText += event.text;
      if (event.otherContent) stream.resumable = false;
      finished ||= event.finishes;
      terminated ||= event.terminates;
    }
    return out;
  };

  // The end marker ends the client's stream in the same write (the upstream's own end follows)
  const forward = (text: string): Promise<void> | undefined => {
    if (!terminated) return stream.write(text);
    if (!stream.ended) stream.finish(text);
    return undefined;
  };

  try {
    await eachChunk(body, (chunk) => {
      deadline.moved(Date.now());
      const full = forward(take(reader.push(decoder.write(chunk))));
      // An error event ends this attempt: the upstream's stream is closed
      return failure ? 'stop' : full;
    });
    if (!failure) await forward(take([...reader.push(decoder.end()), ...reader.end()]));
  } catch (error) {
    if (call.signal.aborted && !stream.ended) throw error;
    // After the end marker the client has its whole answer: what the upstream does next does not matter
    if (!terminated) failure ??= failureOfError(error, attempt.target, attempt.lease.secret, attempt.lease.fingerprint);
  } finally {
    deadline.stop();
  }
  if (!failure && !terminated && !finished) {
    failure = failureOfError(transportError('ECONNRESET', 'the upstream ended the stream before the answer was complete'), attempt.target, null, attempt.lease.fingerprint);
  }
  if (failure === null) {
    if (!stream.ended) stream.finish(terminated ? '' : call.wire.streamTerminator());
    trail.resumed ||= continuation;
    // A read on sends no response.created: the answer is the one the first attempt saw stored
    const madeAnswer = answerId ?? (continuation ? (stream.storedAs?.answerId ?? null) : null);
    return generates ? { ok: true, usage, answerId: madeAnswer, readUsage: null } : { ok: true, usage: null, answerId: madeAnswer, readUsage: usage };
  }
  if (stream.started) {
    stream.cutBy ??= failure;
    // The cut attempt's tokens were produced (and billed) all the same
    if (generates) trail.addUsage(usage);
  }
  return { ok: false, failure };
}

/**
 * Feeds a body's chunks to `take` as they come, pausing while it waits (the client's socket is full);
 * 'stop' closes the body. Data events, not an async iterator: no promise per chunk on the hot path.
 */
function eachChunk(body: AttemptAnswer['body'], take: (chunk: Buffer) => Promise<void> | undefined | 'stop'): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on('data', (chunk: Buffer) => {
      const next = take(chunk);
      if (next === 'stop') {
        resolve();
        body.destroy();
      } else if (next) {
        body.pause();
        next.then(() => body.resume(), reject);
      }
    });
    body.once('end', resolve);
    // A destroy with an error emits 'error' first: this resolve then changes nothing
    body.once('close', resolve);
    body.once('error', reject);
  });
}

function failureOfStreamError(error: unknown, attempt: LiveAttempt): Failure {
  const diagnosis: Diagnosis = classify({ body: error as object, provider: attempt.target.upstream.config.provider });
  return { diagnosis, status: null, headers: {}, body: JSON.stringify(error), target: attempt.target, keyFingerprint: attempt.lease.fingerprint };
}
