// A hidden file input that picks files or a whole folder and hands them on as a Selection.
import type { Selection } from "../engine/types";
import { selectionOfFiles } from "./pick";

export function PickInput(props: { folder?: boolean; testId: string; ref: (el: HTMLInputElement) => void; onPick: (selection: Selection) => void }) {
  return (
    <input
      ref={(el) => {
        // Not in Solid's typings; every current browser supports it.
        el.webkitdirectory = props.folder ?? false;
        props.ref(el);
      }}
      class="visually-hidden"
      type="file"
      multiple
      tabindex="-1"
      aria-hidden="true"
      data-testid={props.testId}
      onChange={(e) => {
        const selection = selectionOfFiles(e.currentTarget.files ?? []);
        // Let the same files be chosen again next time.
        e.currentTarget.value = "";
        if (selection.files.length > 0) props.onPick(selection);
      }}
    />
  );
}
