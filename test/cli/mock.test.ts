// End-to-end: `llmdoctor mock` as a user starts it, from the BUILT bin (`npm test` builds first).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Starts the mock and resolves once it prints its URL. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`mock exited with ${code} before listening: ${output}`)));
  });
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'mock', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('llmdoctor mock (CLI)', () => {
  test('serves the three providers, issues keys, and stops cleanly on SIGTERM', async () => {
    const { child, url } = await startCli(['--port', '0', '--region', 'DE', '--seed', '9']);
    try {
      assert.match(await (await fetch(`${url}/cdn-cgi/trace`)).text(), /^loc=DE$/m);
      const issued = (await (await fetch(`${url}/__mock/keys`, { method: 'POST', body: '{"provider":"anthropic"}' })).json()) as { key: string };
      const response = await fetch(`${url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': issued.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { type: string }).type, 'message');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  test('bad options exit 2 and say what to fix', async () => {
    const fault = await run(['--port', '0', '--fault', 'reset=5']);
    assert.equal(fault.code, 2);
    assert.match(fault.stderr, /between 0 and 1/);
    const region = await run(['--port', '0', '--region', 'Germany']);
    assert.equal(region.code, 2);
    assert.match(region.stderr, /two-letter country code/);
    const port = await run(['--port', 'abc']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port takes a whole number/);
  });
});
