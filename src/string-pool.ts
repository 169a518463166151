// One copy of a string that many connections hold equal (the Host they named, their device label), instead of
// one per connection. Capped: the strings come from clients, and past the cap they are kept as they came.
export class StringPool {
  private kept = new Map<string, string>();

  constructor(private readonly cap: number) {}

  /** The pool's copy of `s` (the first equal one it was given). */
  take(s: string): string {
    const kept = this.kept.get(s);
    if (kept !== undefined) return kept;
    if (this.kept.size < this.cap) this.kept.set(s, s);
    return s;
  }
}
