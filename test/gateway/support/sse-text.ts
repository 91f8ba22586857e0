/** One server-sent event as a client reads it. */
export interface ClientEvent {
  event: string | null;
  data: string;
}

/** Splits the whole text of an SSE answer into its events (LF or CRLF line ends; comments skipped). */
export function parseSse(text: string): ClientEvent[] {
  const events: ClientEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (event !== null || data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** The events' data parsed as JSON (`[DONE]` kept as the string); throws on any data that is not JSON. */
export function jsonData(events: ClientEvent[]): unknown[] {
  return events.map((e) => (e.data === '[DONE]' ? '[DONE]' : (JSON.parse(e.data) as unknown)));
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs JSON with fetch and reads the whole answer as text (the bytes a client would parse). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
