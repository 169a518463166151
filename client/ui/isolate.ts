// Peer-provided strings (device names, file and folder names) inside the UI's sentences are isolated for
// bidi: a name in another script, or one a peer chose to reorder what follows it, cannot spill over the
// words around it ("From ‮Otter" must not turn the rest of the sentence around). The server and safe-path.ts
// already strip bidi controls from names; isolation also covers right-to-left names, which are legitimate.
// The sentence's text stays exactly what i18n made: only the names are marked, in <bdi> (Isolated.tsx). Where
// there is no markup (attributes, notifications) the name goes between FIRST STRONG ISOLATE and POP
// DIRECTIONAL ISOLATE instead (fsi); names cannot carry these themselves (the server and safe-path.ts strip them).

/** `s` isolated in plain text: U+2068 … U+2069, the characters' <bdi>. */
export const fsi = (s: string) => `\u2068${s}\u2069`;

export interface Run {
  text: string;
  /** A peer-provided string, to be isolated. */
  isolate: boolean;
}

/** `text` cut at the first occurrence of each of `names` (longest first), in order; joined, the runs are `text`. */
export function isolateRuns(text: string, names: readonly string[]): Run[] {
  let runs: Run[] = [{ text, isolate: false }];
  for (const name of [...new Set(names)].filter((n) => n.length > 0).sort((a, b) => b.length - a.length)) {
    runs = runs.flatMap((r) => {
      if (r.isolate) return [r];
      const at = r.text.indexOf(name);
      if (at < 0) return [r];
      return [
        { text: r.text.slice(0, at), isolate: false },
        { text: name, isolate: true },
        { text: r.text.slice(at + name.length), isolate: false },
      ].filter((x) => x.text.length > 0);
    });
  }
  return runs;
}
