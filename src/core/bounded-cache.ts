/**
 * A map that holds at most `capacity` entries, forgetting the least recently used ones to make room: a cache
 * keyed by what callers send (keys, bad keys, models, URLs) stays the same size however many they send. Two generations of half
 * the capacity each: entries are set in the newer one, an entry found in the older one moves up, and a full
 * newer generation replaces the older one, which is dropped whole. A hit in the newer generation (nearly
 * every request) is one Map lookup, with none of the delete-and-set churn of an exact LRU order.
 */
export class BoundedCache<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 2) throw new RangeError(`capacity must be a whole number above 1, not ${capacity}`);
    this.generationSize = Math.floor(capacity / 2);
  }

  /** The entry, now among the most recently used. */
  get(key: K): V | undefined {
    const value = this.newer.get(key);
    if (value !== undefined) return value;
    const old = this.older.get(key);
    if (old !== undefined) {
      this.older.delete(key);
      this.add(key, old);
    }
    return old;
  }

  /** The entry, without counting this as a use. */
  peek(key: K): V | undefined {
    return this.newer.get(key) ?? this.older.get(key);
  }

  set(key: K, value: V): void {
    if (this.newer.has(key)) {
      this.newer.set(key, value);
      return;
    }
    this.older.delete(key);
    this.add(key, value);
  }

  delete(key: K): void {
    this.newer.delete(key);
    this.older.delete(key);
  }

  clear(): void {
    this.newer.clear();
    this.older.clear();
  }

  private add(key: K, value: V): void {
    if (this.newer.size >= this.generationSize) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}
