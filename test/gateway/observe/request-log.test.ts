import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { LogLevel } from '../../../src/gateway/config/types.js';
import { createRequestLog } from '../../../src/gateway/observe/request-log.js';
import { attempt, freshClientKey, freshOpenAiKey, record } from './fixtures.js';

/** A log writing into an array, one entry per write. */
function capture(level: LogLevel) {
  const writes: string[] = [];
  const log = createRequestLog({ level, destination: { write: (line: string) => void writes.push(line) } });
  const lines = () => writes.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, writes, lines };
}

/** What must never be found in a log: the key, or any long run of its random part. */
function assertNoSecret(text: string, secret: string): void {
  assert.ok(!text.includes(secret), `the whole key leaked: ${text}`);
  const body = secret.slice(secret.indexOf('_') + 1 || 8);
  for (let at = 0; at + 12 <= body.length; at += 4) assert.ok(!text.includes(body.slice(at, at + 12)), `part of the key leaked: ${text}`);
}

describe('request log', () => {
  it('writes one JSON line per request with the fields operators search by', () => {
    const { log, writes, lines } = capture('info');
    const served = record({
      streamed: true,
      timeToFirstTokenMs: 120,
      resumed: true,
      attempts: [attempt('openai/gpt-4o', 'rate_limited', 30, 'f00f00'), attempt('anthropic/claude', null, 500, 'beef01')],
      upstream: 'anthropic',
      modelServed: 'claude',
      keyFingerprint: 'beef01',
    });
    log.request(served);
    log.request(record());
    assert.equal(writes.length, 2, 'one write per request');
    assert.ok(writes.every((write) => write.endsWith('\n') && write.indexOf('\n') === write.length - 1), 'each write is exactly one line');
    const [line] = lines();
    assert.deepEqual(
      { ...line, time: undefined, pid: undefined, hostname: undefined },
      {
        level: 'info',
        time: undefined,
        pid: undefined,
        hostname: undefined,
        msg: 'request',
        request_id: served.requestId,
        client: 'ck_team_a',
        operation: 'chat',
        route: 'smart',
        model_asked: 'smart',
        model_served: 'claude',
        upstream: 'anthropic',
        key: 'beef01',
        status: 200,
        streamed: true,
        attempts: 2,
        categories: ['rate_limited'],
        latency_ms: 300,
        ttft_ms: 120,
        tokens_in: 10,
        tokens_out: 20,
        resumed: true,
      },
    );
    assert.match(String(line!.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('logs a 5xx at warn, the attempts only at debug, and nothing below its level', () => {
    const info = capture('info');
    info.log.request(record({ status: 502, attempts: [attempt('openai/gpt-4o', 'server_error')] }));
    info.log.request(record({ status: 499 }));
    info.log.request(record({ status: 429 }));
    assert.deepEqual(info.lines().map((line) => [line.status, line.level]), [[502, 'warn'], [499, 'info'], [429, 'info']]);
    assert.ok(info.lines().every((line) => !('attempt_list' in line)));

    const debug = capture('debug');
    debug.log.request(record({ attempts: [attempt('openai/gpt-4o', 'overloaded', 40, 'f00f00'), attempt('openai/gpt-4o', null, 60, 'beef01')] }));
    assert.deepEqual(debug.lines()[0]!.attempt_list, [
      { target: 'openai/gpt-4o', upstream: 'openai', key: 'f00f00', status: 500, category: 'overloaded', duration_ms: 40 },
      { target: 'openai/gpt-4o', upstream: 'openai', key: 'beef01', status: 200, category: null, duration_ms: 60 },
    ]);

    const warn = capture('warn');
    warn.log.request(record());
    warn.log.info('started', { port: 1 });
    warn.log.request(record({ status: 503 }));
    assert.deepEqual(warn.lines().map((line) => line.status), [503]);
  });

  it('writes nothing at all when silent', async () => {
    const { log, writes } = capture('silent');
    log.request(record({ status: 500 }));
    log.error(new Error('boom'));
    log.warn('careful');
    log.info('hello');
    await log.flush();
    assert.deepEqual(writes, []);
  });

  it('never writes a key, a header or a body, whatever field carries it', () => {
    const { log, writes, lines } = capture('debug');
    const upstreamKey = freshOpenAiKey();
    const clientKey = freshClientKey();
    const failure = new Error(`upstream said: Incorrect API key provided: ${upstreamKey}\n${clientKey} was refused`, {
      cause: Object.assign(new Error(`proxy refused Authorization: Bearer ${clientKey}`), { code: 'E_PROXY' }),
    });
    log.error(failure, {
      requestId: 'req_1',
      headers: { authorization: `Bearer ${clientKey}`, 'x-api-key': upstreamKey },
      body: { messages: [{ content: `my key is ${upstreamKey}` }] },
      nested: { detail: `key=${upstreamKey}`, rawBody: clientKey, list: [`\n${upstreamKey}`] },
    });
    log.error(`a thrown string with ${clientKey}`);
    log.error({ message: 'a thrown object', headers: { 'x-goog-api-key': upstreamKey } });
    log.warn(`retrying with ${upstreamKey}`, { client: clientKey });
    log.info('note', { secret: upstreamKey, token: clientKey });
    log.request(record({ modelAsked: `gpt-4o ${upstreamKey}`, attempts: [attempt(`openai/${clientKey}`, null)] }));

    const text = writes.join('');
    assertNoSecret(text, upstreamKey);
    assertNoSecret(text, clientKey);
    const [error] = lines();
    assert.equal(error!.level, 'error');
    assert.equal(error!.requestId, 'req_1');
    assert.equal(error!.headers, undefined, 'headers are never logged');
    assert.equal(error!.body, undefined, 'bodies are never logged');
    assert.equal((error!.nested as Record<string, unknown>).rawBody, undefined);
    const serialised = error!.error as { type: string; message: string; stack: string; cause: { code: string; message: string } };
    assert.equal(serialised.type, 'Error');
    assert.match(serialised.message, /^upstream said: Incorrect API key provided: sk-proj-…/);
    assert.match(serialised.stack, /at /, 'the stack is kept, redacted');
    assert.equal(serialised.cause.code, 'E_PROXY');
    assert.match(serialised.cause.message, /Bearer llmd_…/);
    assert.equal(lines().length, 6, 'every call wrote its line');
  });

  it('flushes and closes: lines written before close all reach the destination', async () => {
    const { log, writes } = capture('info');
    for (let index = 0; index < 100; index++) log.request(record());
    await log.flush();
    assert.equal(writes.length, 100);
    await log.close();
    await log.close();
    log.request(record());
    assert.equal(writes.length, 100, 'nothing is written after close');
  });

  it('writes a line on stdout while the process keeps running: a quiet gateway does not hold its lines', { timeout: 30_000 }, async () => {
    const module = fileURLToPath(new URL('../../../src/gateway/observe/request-log.ts', import.meta.url));
    const script = [
      `const { createRequestLog } = await import(${JSON.stringify(module)});`,
      `const log = createRequestLog({ level: 'info' });`,
      `log.request({ requestId: 'req_quiet', receivedAt: 0, clientKeyId: null, operation: 'chat', family: 'openai', route: null, modelAsked: 'm', modelServed: 'm', upstream: 'u', keyFingerprint: 'abcdef', status: 200, streamed: false, resumed: false, usage: null, attempts: [], latencyMs: 1, timeToFirstTokenMs: null, categories: [], malformedChunksDropped: 0 });`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) resolve(stdout);
        });
        child.once('exit', (code) => reject(new Error(`the process ended (${code}) before writing its line`)));
      });
      assert.equal((JSON.parse(line) as { request_id: string }).request_id, 'req_quiet');
    } finally {
      child.kill();
    }
  });

  // stdout is asynchronous (sonic-boom): lines still buffered at exit must be written, not lost
  for (const ending of ['process.exit(0)', 'await log.close()']) {
    it(`loses no line on stdout when the process ends with ${ending}`, async () => {
      const count = 20_000;
      const module = fileURLToPath(new URL('../../../src/gateway/observe/request-log.ts', import.meta.url));
      const script = [
        `const { createRequestLog } = await import(${JSON.stringify(module)});`,
        `const log = createRequestLog({ level: 'info' });`,
        `const record = { requestId: 'req', receivedAt: 0, clientKeyId: null, operation: 'chat', family: 'openai', route: null, modelAsked: 'm', modelServed: 'm', upstream: 'u', keyFingerprint: 'abcdef', status: 200, streamed: false, resumed: false, usage: null, attempts: [], latencyMs: 1, timeToFirstTokenMs: null, categories: [], malformedChunksDropped: 0 };`,
        `for (let index = 0; index < ${count}; index++) log.request({ ...record, requestId: 'req_' + index });`,
        ending,
      ].join('\n');
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      const lines = stdout.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, count);
      assert.equal((JSON.parse(lines[count - 1]!) as { request_id: string }).request_id, `req_${count - 1}`);
    });
  }
});
