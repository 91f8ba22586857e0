// The two measurements of a server under load: autocannon runs (throughput, and every response's
// latency kept in full precision, since autocannon's own histogram rounds to whole milliseconds) and a
// sequential loop of single requests timing the first body byte.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';

/** The value below which `share` of the sorted samples lie. */
export function percentile(sorted, share) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

const sortedCopy = (values) => Float64Array.from(values).sort();

/**
 * One autocannon run. `requests` (optional) replaces the single body with a cycle of bodies per
 * connection. Errors are everything that is not a 2xx answer: socket errors, timeouts, non-2xx.
 */
export async function load({ url, headers, body, requests, connections, duration }) {
  const latencies = [];
  const instance = autocannon({ url, method: 'POST', headers, body, requests, connections, duration, timeout: 30 });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  const sorted = sortedCopy(latencies);
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
  };
}

/**
 * `count` streamed requests one after another on one keep-alive connection: the time from sending to
 * the first body chunk, and to the end. Each answer is checked (status 200, ends with `data: [DONE]`,
 * no error event), and `x-llmdoctor-attempts` above 1 is counted as a retry.
 */
export async function firstByteTimes({ url, headers, body, count }) {
  const { origin, pathname } = new URL(url);
  const client = new Client(origin, { keepAliveTimeout: 30_000 });
  const firstByte = [];
  const whole = [];
  let bad = 0;
  let retried = 0;
  const problems = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      let status = 0;
      let text = '';
      let first = null;
      try {
        const answer = await client.request({ method: 'POST', path: pathname, headers, body });
        status = answer.statusCode;
        if (Number(answer.headers['x-llmdoctor-attempts'] ?? 1) > 1) retried++;
        for await (const chunk of answer.body) {
          first ??= performance.now() - started;
          text += chunk;
        }
      } catch (error) {
        text += ` (${error.code ?? error.message})`;
      }
      whole.push(performance.now() - started);
      firstByte.push(first ?? NaN);
      const ok = status === 200 && /data: \[DONE\]\s*$/.test(text) && !/^(event: error|data: \{"error")/m.test(text);
      if (!ok) {
        bad++;
        if (problems.length < 3) problems.push(`${status} ${text.slice(0, 200).replace(/\s+/g, ' ')}`);
      }
    }
  } finally {
    await client.close();
  }
  const sortedFirst = sortedCopy(firstByte.filter(Number.isFinite));
  const sortedWhole = sortedCopy(whole);
  return {
    p50: percentile(sortedFirst, 0.5),
    p99: percentile(sortedFirst, 0.99),
    wholeP50: percentile(sortedWhole, 0.5),
    bad,
    retried,
    problems,
  };
}
