import { createInterface } from 'node:readline';
import { classify } from '../providers/classify.js';
import { parseBatchLine } from './batch-record.js';
import { printOut, toRedactedJson } from './output.js';

/**
 * `llmdoctor explain --batch`: JSON Lines in on stdin, one JSON line out per non-blank input line, in order.
 * Streams line by line; a bad line yields an error line and the batch goes on. Always exits 0.
 */
export async function runBatch(options: { provider: string | null }): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    await printOut(`${toRedactedJson(explainLine(line, lineNumber, options.provider))}\n`);
  }
  return 0;
}

function explainLine(line: string, lineNumber: number, defaultProvider: string | null): object {
  const record = parseBatchLine(line, defaultProvider);
  if (!record.ok) return { id: record.id, line: lineNumber, error: record.error };
  try {
    const diagnosis = classify(record.input);
    return {
      id: record.id,
      category: diagnosis.category,
      provider: diagnosis.provider,
      retryable: diagnosis.retryable,
      retry_after_ms: diagnosis.retryAfterMs,
      title: diagnosis.title,
    };
  } catch (error) {
    // A classifier bug must not sink the rest of the batch.
    const reason = error instanceof Error ? error.message : String(error);
    return { id: record.id, line: lineNumber, error: `llmdoctor failed on this line (${reason}); this is a bug, please report it with the line` };
  }
}
