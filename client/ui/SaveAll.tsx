// Save every file of a finished transfer in one action, as one zip streamed to disk: into a file the person
// picks where the browser allows it (Chromium on desktops), else as a normal download.
import { createSignal } from "solid-js";
import type { TransferView } from "../engine/types";
import { t } from "../i18n";
import { saveZip } from "./save-files";
import { SaveIcon } from "./icons";

type SaveState = "idle" | "saving" | "saved" | "failed";

export function SaveAll(props: { transfer: TransferView }) {
  const [state, setState] = createSignal<SaveState>("idle");
  const save = () => {
    setState("saving");
    saveZip(props.transfer, true).then(
      (saved) => setState(saved ? "saved" : "idle"),
      (err) => {
        console.warn("ferry: saving all as a zip failed", err);
        setState("failed");
      },
    );
  };
  return (
    <button type="button" class="button button--primary button--compact" data-testid="save-all" data-state={state()} disabled={state() === "saving"} onClick={save}>
      <SaveIcon />
      <span>{t().saveAll[state()]}</span>
    </button>
  );
}
