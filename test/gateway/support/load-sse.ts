/** What a raw SSE stream held, read the way a strict client would. */
export interface SseReading {
  /** OpenAI `data: [DONE]` / Anthropic `event: message_stop`. */
  endMarkers: number;
  /** The end marker is the stream's last event. */
  endsWithMarker: boolean;
  /** Data lines that are not JSON (a malformed chunk that leaked). */
  malformed: number;
  /** Error events (OpenAI `data: {"error":...}`, Anthropic `event: error`). */
  errors: number;
  /** A finish reason arrived (OpenAI `finish_reason`, Anthropic `message_delta.stop_reason`). */
  finished: boolean;
  text: string;
}

interface SseEvent {
  name: string | null;
  data: string;
}

function events(body: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    let name: string | null = null;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (name !== null || data.length > 0) out.push({ name, data: data.join('\n') });
  }
  return out;
}

function parse(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function readOpenAiSse(body: string): SseReading {
  const reading: SseReading = { endMarkers: 0, endsWithMarker: false, malformed: 0, errors: 0, finished: false, text: '' };
  const all = events(body);
  for (const event of all) {
    if (event.data === '[DONE]') {
      reading.endMarkers++;
      continue;
    }
    const chunk = parse(event.data);
    if (chunk === null) {
      reading.malformed++;
      continue;
    }
    if (chunk.error !== undefined) reading.errors++;
    const choice = (chunk.choices as Array<{ delta?: { content?: string | null }; finish_reason?: string | null }> | undefined)?.[0];
    reading.text += choice?.delta?.content ?? '';
    if (choice?.finish_reason) reading.finished = true;
  }
  reading.endsWithMarker = all[all.length - 1]?.data === '[DONE]';
  return reading;
}

export function readAnthropicSse(body: string): SseReading {
  const reading: SseReading = { endMarkers: 0, endsWithMarker: false, malformed: 0, errors: 0, finished: false, text: '' };
  const all = events(body);
  for (const event of all) {
    const data = parse(event.data);
    if (data === null) {
      reading.malformed++;
      continue;
    }
    if (event.name === 'message_stop') reading.endMarkers++;
    if (event.name === 'error') reading.errors++;
    const delta = data.delta as { type?: string; text?: string; stop_reason?: string | null } | undefined;
    if (event.name === 'content_block_delta' && delta?.type === 'text_delta') reading.text += delta.text ?? '';
    if (event.name === 'message_delta' && delta?.stop_reason) reading.finished = true;
  }
  reading.endsWithMarker = all[all.length - 1]?.name === 'message_stop';
  return reading;
}
