import { Agent, request, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { startHttp } from '../../net/support/servers.js';

/** One request as the relay passed it on: what the gateway really sent upstream. */
export interface RelayedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed, or null when it is not JSON. */
  json: unknown;
  startedAt: number;
  /** When the answer ended (or broke); null while it runs. */
  endedAt: number | null;
}

export interface RecordingRelay {
  /** The relay's origin: use `${relay.url}/openai/v1` where the mock's base URL would go. */
  url: string;
  requests: RelayedRequest[];
  /** The most requests that were in flight at one time. */
  maxConcurrent(): number;
  close(): Promise<void>;
}

/**
 * A reverse proxy in front of `llmdoctor mock` that records every request body (the mock keeps only
 * fingerprints and outcomes). It passes the answer on byte for byte and breaks the connection when the
 * mock breaks its own, so faults such as `stream_cut` reach the gateway as they left the mock.
 */
export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const origin = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const requests: RelayedRequest[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;
  const handler: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: RelayedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: body.toString('utf8'), json: parseJson(body), startedAt: Date.now(), endedAt: null };
      requests.push(record);
      inFlight++;
      maxConcurrent = Math.max(maxConcurrent, inFlight);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        inFlight--;
        record.endedAt = Date.now();
      };
      const upstream = request({ host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: { ...req.headers, host: origin.host }, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', end);
        // The mock reset its connection mid-answer: so does the relay
        answer.on('aborted', () => {
          end();
          res.socket?.resetAndDestroy();
        });
        answer.on('error', () => undefined);
      });
      upstream.on('error', () => {
        end();
        res.socket?.resetAndDestroy();
      });
      // The gateway gave up on this attempt (a time limit): stop the mock's side too
      res.on('close', () => {
        end();
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  };
  const { port, close } = await startHttp(handler);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxConcurrent: () => maxConcurrent,
    close: () => {
      agent.destroy();
      return close();
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
