// The files of one transfer, each with its size and, once it has arrived, a link that saves it.
import { For, Show } from "solid-js";
import type { FileMeta, ReceivedFile } from "../engine/types";
import { en } from "../i18n/en";
import { formatBytes } from "./format";
import { FileIcon, SaveIcon } from "./icons";

export function FileList(props: { files: FileMeta[]; received: ReceivedFile[] }) {
  return (
    <ul class="files" role="list">
      <For each={props.files}>
        {(file, i) => (
          <li class="files__row">
            <FileIcon class="icon files__icon" />
            <span class="files__name" title={file.name}>
              {file.name}
            </span>
            <span class="files__size">{formatBytes(file.size)}</span>
            <Show when={props.received[i()]}>
              {(got) => (
                <a
                  class="button button--primary button--compact files__save"
                  data-testid="save"
                  href={got().url}
                  download={got().name}
                  aria-label={`${en.save} ${got().name}`}
                >
                  <SaveIcon />
                  <span>{en.save}</span>
                </a>
              )}
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}
