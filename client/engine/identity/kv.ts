// Where a device keeps what makes it itself: its key, its name, its pairings. IndexedDB in a browser (idb.ts);
// this page's memory when storage is off (private mode), and in unit tests.

export interface KeyValue {
  /** false: kept in this page's memory only, so it ends with the visit. */
  readonly lasting: boolean;
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  /** Store `value` unless the key holds one; returns what the key holds now (another tab may have been first). */
  putIfAbsent(key: string, value: unknown): Promise<unknown>;
  delete(key: string): Promise<void>;
}

export class MemoryKeyValue implements KeyValue {
  private map = new Map<string, unknown>();

  /** `lasting` only in tests that play a storage outliving the page. */
  constructor(readonly lasting = false) {}

  async get(key: string) {
    return this.map.get(key);
  }

  async put(key: string, value: unknown) {
    this.map.set(key, value);
  }

  async putIfAbsent(key: string, value: unknown) {
    if (!this.map.has(key)) this.map.set(key, value);
    return this.map.get(key);
  }

  async delete(key: string) {
    this.map.delete(key);
  }
}
