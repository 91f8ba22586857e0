import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../../../src/gateway/observe/line-batcher.ts', import.meta.url));

/** Runs `body` in a child whose stdout is read only after `readAfterMs`; resolves to its stdout and stderr. */
function runChild(body: string, readAfterMs = 0): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = [`const { LineBatcher } = await import(${JSON.stringify(MODULE)});`, body].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.pause();
  setTimeout(() => child.stdout.resume(), readAfterMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const wholeLines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('line batcher', () => {
  it('writes every line, in order, in batches', async () => {
    const { code, stdout, stderr } = await runChild(`
      const batcher = new LineBatcher(1, { batchBytes: 1024, flushMs: 5, maxPendingBytes: 1 << 24 });
      for (let i = 0; i < 5000; i++) batcher.write(JSON.stringify({ i, text: 'é'.repeat(i % 50) }) + '\\n');
      await batcher.detach();
    `);
    assert.equal(code, 0, stderr);
    const lines = wholeLines(stdout).map((line) => JSON.parse(line) as { i: number; text: string });
    assert.deepEqual(lines.map((line) => line.i), Array.from({ length: 5000 }, (_, i) => i));
    assert.ok(lines.every((line) => line.text === 'é'.repeat(line.i % 50)), 'multi-byte text arrives whole');
  });

  it('keeps a line longer than its buffers whole', async () => {
    const { code, stdout, stderr } = await runChild(`
      const batcher = new LineBatcher(1, { batchBytes: 64, flushMs: 5, maxPendingBytes: 1 << 24 });
      batcher.write('a\\n');
      batcher.write('x'.repeat(10000) + '\\n');
      batcher.write('b\\n');
      await batcher.detach();
    `);
    assert.equal(code, 0, stderr);
    assert.deepEqual(wholeLines(stdout), ['a', 'x'.repeat(10000), 'b']);
  });

  it('drops lines instead of holding without bound when stdout is not read, and says how many', async () => {
    const count = 20_000;
    const { code, stdout, stderr } = await runChild(
      `
      const batcher = new LineBatcher(1, { batchBytes: 4096, flushMs: 5, maxPendingBytes: 64 * 1024 }, (lines) => process.stderr.write('dropped ' + lines + '\\n'));
      for (let i = 0; i < ${count}; i++) batcher.write(JSON.stringify({ i, pad: 'p'.repeat(200) }) + '\\n');
      await batcher.detach();
    `,
      500,
    );
    assert.equal(code, 0, stderr);
    const received = wholeLines(stdout).map((line) => (JSON.parse(line) as { i: number }).i);
    const dropped = [...stderr.matchAll(/dropped (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    assert.ok(dropped > 0, 'a 64 kB limit cannot hold 4 MB of lines');
    assert.equal(received.length + dropped, count, 'every line is either written whole or counted as dropped');
    assert.deepEqual(received, [...received].sort((a, b) => a - b), 'what is written stays in order');
  });

  it('writes what waits when the process exits at once', async () => {
    const { code, stdout, stderr } = await runChild(`
      const batcher = new LineBatcher(1, { batchBytes: 1 << 20, flushMs: 60000, maxPendingBytes: 1 << 24 });
      for (let i = 0; i < 1000; i++) batcher.write(i + '\\n');
      process.exit(0);
    `);
    assert.equal(code, 0, stderr);
    assert.equal(wholeLines(stdout).length, 1000);
  });
});
