// A sentence with its peer-provided strings in <bdi> (isolate.ts); its text content is the sentence unchanged.
import { For } from "solid-js";
import { isolateRuns } from "./isolate";

export function Isolated(props: { text: string; names: readonly (string | undefined)[] }) {
  return <For each={isolateRuns(props.text, props.names.filter((n): n is string => !!n))}>{(r) => (r.isolate ? <bdi>{r.text}</bdi> : r.text)}</For>;
}
