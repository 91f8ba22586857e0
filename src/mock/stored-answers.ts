import type { StoredAnswer } from '../providers/simulator.js';

/**
 * The objects the simulated providers keep (OpenAI's stored responses and conversations), each in the project
 * of the key whose request made it: a key of another project finds nothing, as with the real APIs. Ids are
 * unique across projects (see `Completion.serial`). Bounded: past `capacity` the oldest is dropped; one past its
 * expiry (a Gemini cache's TTL) is found no more.
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

  find(project: string, kind: string, id: string, now: number): StoredAnswer | null {
    const entry = this.answers.get(id);
    return entry && entry.project === project && entry.answer.kind === kind && !expired(entry.answer, now) ? entry.answer : null;
  }

  /** The objects of a kind in a project, oldest first. */
  list(project: string, kind: string, now: number): StoredAnswer[] {
    const found: StoredAnswer[] = [];
    for (const entry of this.answers.values()) if (entry.project === project && entry.answer.kind === kind && !expired(entry.answer, now)) found.push(entry.answer);
    return found;
  }

  delete(id: string): void {
    this.answers.delete(id);
  }

  clear(): void {
    this.answers.clear();
    this.serials = 0;
  }
}

const expired = (answer: StoredAnswer, now: number): boolean => answer.expiresAt !== undefined && answer.expiresAt <= now;
