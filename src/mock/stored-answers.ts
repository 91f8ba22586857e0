import type { StoredAnswer } from '../providers/simulator.js';

/**
 * The objects the simulated providers keep (OpenAI's stored responses and conversations), each in the project
 * of the key whose request made it: a key of another project finds nothing, as with the real APIs. Ids are
 * unique across projects (see `Completion.serial`). Bounded: past `capacity` the oldest is dropped.
 */
export class StoredAnswers {
  private readonly answers = new Map<string, { project: string; answer: StoredAnswer }>();
  private serials = 0;

  constructor(private readonly capacity: number) {}

  /** A number no earlier object had, for the ids of objects that may be stored. */
  nextSerial(): number {
    return this.serials++;
  }

  /** Keeps a new object, or replaces a changed one where it was (its age is its creation's). */
  keep(project: string, answer: StoredAnswer): void {
    this.answers.set(answer.id, { project, answer });
    // Map order is insertion order: the first key is the oldest
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= this.capacity) break;
      this.answers.delete(oldest);
    }
  }

  find(project: string, kind: string, id: string): StoredAnswer | null {
    const entry = this.answers.get(id);
    return entry && entry.project === project && entry.answer.kind === kind ? entry.answer : null;
  }

  delete(id: string): void {
    this.answers.delete(id);
  }

  clear(): void {
    this.answers.clear();
    this.serials = 0;
  }
}
