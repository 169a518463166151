// Pick files (or a folder) once and offer them to several devices: the ticked ones, or all when none is ticked.
import { Show } from "solid-js";
import type { Selection } from "../engine/types";
import { t } from "../i18n";
import { PickInput } from "./PickInput";

export function SendToMany(props: { peerIds: string[]; selected: string[]; onSendFiles: (peerIds: string[], selection: Selection) => void; onClear: () => void }) {
  let files: HTMLInputElement | undefined;
  let folder: HTMLInputElement | undefined;
  const targets = () => (props.selected.length > 0 ? props.selected : props.peerIds);
  const send = (selection: Selection) => props.onSendFiles(targets(), selection);
  return (
    <Show when={props.selected.length > 0 || props.peerIds.length > 1}>
      <div class="many" role="group" aria-label={props.selected.length > 0 ? t().many.toSelected(props.selected.length) : t().many.toAll(props.peerIds.length)}>
        <span class="many__label">{props.selected.length > 0 ? t().many.toSelected(props.selected.length) : t().many.toAll(props.peerIds.length)}</span>
        <button type="button" class="button button--compact" onClick={() => files?.click()}>
          {t().many.files}
        </button>
        <button type="button" class="button button--compact" onClick={() => folder?.click()}>
          {t().many.folder}
        </button>
        <Show when={props.selected.length > 0}>
          <button type="button" class="button button--quiet button--compact" onClick={() => props.onClear()}>
            {t().many.clear}
          </button>
        </Show>
        <PickInput testId="send-many-files" ref={(el) => (files = el)} onPick={send} />
        <PickInput folder testId="send-many-folder" ref={(el) => (folder = el)} onPick={send} />
      </div>
    </Show>
  );
}
