/**
 * The answers of one stream that have finished, when a request asks for several at once (OpenAI `n`, Gemini
 * `candidateCount`): they stream side by side, and the stream has finished only with the last of them.
 */
export class AnswerFinishes {
  private readonly finished = new Set<unknown>();

  constructor(private readonly asked: number) {}

  /** Whether the finish of answer `index` ends the stream: the only answer's (index 0), or the last of those asked for. */
  endsWith(index: unknown): boolean {
    if (this.asked === 1) return index === 0;
    this.finished.add(index);
    return this.finished.size >= this.asked;
  }
}
