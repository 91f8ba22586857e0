/** Finds the HTTP status in a pasted message when no status field was given. */

const STATUS_PATTERNS: readonly RegExp[] = [
  /\bError code:\s*([1-5]\d\d)\b/i, // openai-python / anthropic-python: "Error code: 429 - {...}"
  /\bstatus(?:[ _-]?code)?["']?\s*[:=]?\s*["']?([1-5]\d\d)\b/i, // "status code 429", "statusCode":403, "status: 403"
  /\bHTTP(?:\/[\d.]+)?\s*(?:code\s*|response\s*)?\(?([1-5]\d\d)\b/i, // "HTTP 401", "HTTP code 502", "HTTP response 403"
  /\[([1-5]\d\d) [A-Z][A-Za-z ]+\]/, // legacy Google SDK: "[400 Bad Request]"
  /\b([1-5]\d\d) (?:Client|Server) Error\b/, // python requests
  /^[\s[(]*(?:[\w.]*(?:Error|Exception)\b\s*[:(]?\s*)?\(?([1-5]\d\d)\b/, // "429 You exceeded", "Error: 401 {", "InternalServerError: 529 {"
  /\b(?:error|api error)\s*[(:]?\s*([1-5]\d\d)\b/i, // "ChatGPT error 429:", "API Error (529 {"
  /<<\s*([1-5]\d\d)\b/, // axios debug dumps: "<< 403 Forbidden"
  /\bcode\s*[:=]?\s*([45]\d\d)\b/i, // "(Status: 500, Code: 500)"
  /\b([45]\d\d) (?:Forbidden|Unauthorized|Not Found|Too Many Requests|Bad Request|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Payment Required)\b/,
];

export function statusFromText(text: string): { status: number; phrase: string } | null {
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  for (const pattern of STATUS_PATTERNS) {
    const match = pattern.exec(head);
    if (!match) continue;
    const status = Number(match[1]);
    if (status >= 400 && status <= 599) return { status, phrase: match[0].trim() };
  }
  return null;
}
