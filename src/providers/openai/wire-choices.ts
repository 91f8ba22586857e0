/** How many choices a chat or legacy completions request asks for (`n`; 1 when absent or not a count above 1). */
export function choicesAsked(request: Record<string, unknown> | undefined): number {
  const n = request?.n;
  return typeof n === 'number' && Number.isInteger(n) && n > 1 ? n : 1;
}
