import type { ServerResponse } from 'node:http';
import { send } from '../server/reply.js';
import type { Delivery, LiveAttempt } from './attempt-loop.js';
import type { GatewayCall } from './call.js';
import { failureOfError } from './failure.js';
import { malformedAnswerFailure } from './gateway-failures.js';
import type { AttemptAnswer } from './send-attempt.js';
import type { Trail } from './trail.js';

/** Answer headers passed on to the client: the format and the provider's request id (for support tickets). */
const PASSED_HEADERS = ['content-type', 'x-request-id', 'request-id', 'openai-processing-ms'];

/**
 * Reads a whole successful answer before anything reaches the client (so a cut body is retried like
 * any failure), takes its usage, and sends it on unchanged apart from our headers.
 */
export async function deliverWhole(
  res: ServerResponse,
  call: GatewayCall,
  trail: Trail,
  answer: AttemptAnswer,
  attempt: LiveAttempt,
  transform?: (answer: unknown) => unknown,
): Promise<Delivery> {
  let bytes: Buffer;
  try {
    bytes = await readAll(answer.body);
  } catch (error) {
    if (call.signal.aborted) throw error;
    return { ok: false, failure: failureOfError(error, attempt.target, attempt.lease.secret, attempt.lease.fingerprint) };
  }
  const json = isJson(answer.headers);
  const parsed = json || call.match.generates || transform ? parseJson(bytes) : undefined;
  // A cut or garbled body with a 200 must not reach the client as an answer
  if (parsed === undefined && json) return { ok: false, failure: malformedAnswerFailure(attempt.target, attempt.lease.fingerprint) };
  const usage = call.match.generates ? call.wire.usageOf(parsed) : null;
  const readUsage = call.match.answerId !== undefined ? call.wire.usageOf(parsed) : null;
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = answer.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = transform && parsed !== undefined ? Buffer.from(JSON.stringify(transform(parsed))) : bytes;
  send(res, answer.statusCode, trail.addServingHeaders(headers, attempt.target), body);
  return { ok: true, usage, answerId: call.wire.storedAnswerId(parsed), readUsage };
}

function isJson(headers: AttemptAnswer['headers']): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.includes('json');
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The whole body, gathered from its data events (cheaper than undici's arrayBuffer() on the hot path). */
function readAll(body: AttemptAnswer['body']): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body
      .on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
      })
      .once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
      .once('error', reject);
  });
}
