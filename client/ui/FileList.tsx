// The files of one transfer: each top-level folder as one row with its count and size, loose files with their
// size and, once arrived, a link that saves it. Long lists show their first rows and how many more there are.
import { For, Match, Show, Switch, createMemo } from "solid-js";
import type { FileMeta, ReceivedFile } from "../engine/types";
import { locale, t } from "../i18n";
import { baseName, fileRows } from "./file-rows";
import { formatBytes } from "./format";
import { isImage } from "./shared-items";
import { FileIcon, FolderIcon, SaveIcon } from "./icons";
import { Isolated } from "./Isolated";
import { fsi } from "./isolate";

/** Rows shown before "+ N more": a prompt must fit a phone's screen with its buttons. */
const MAX_ROWS = 8;

export function FileList(props: { files: FileMeta[]; dirs: string[]; received: ReceivedFile[] }) {
  const rows = createMemo(() => fileRows(props.files, props.dirs));
  // A received image shows itself: the bytes are this device's own now, verified, and stored under a passive
  // type (the stored type decides, not the sender's).
  const thumbnail = (index: number) => {
    const got = props.received[index];
    return got && isImage({ type: got.blob.type, size: got.size }) ? got.url : undefined;
  };
  return (
    <ul class="files" role="list">
      <For each={rows().slice(0, MAX_ROWS)}>
        {(row) => (
          <li class="files__row">
            <Switch>
              <Match when={row.kind === "folder" && row}>
                {(folder) => (
                  <>
                    <FolderIcon class="icon files__icon" />
                    <span class="files__name" data-testid="folder-row" title={fsi(folder().name)}>
                      <Isolated text={t().incoming.folder(folder().name, folder().files, formatBytes(folder().bytes, locale()))} names={[folder().name]} />
                      <Show when={folder().emptyDirs > 0}> · {t().incoming.emptyFolders(folder().emptyDirs)}</Show>
                    </span>
                  </>
                )}
              </Match>
              <Match when={row.kind === "file" && row}>
                {(loose) => (
                  <>
                    <Show when={thumbnail(loose().index)} fallback={<FileIcon class="icon files__icon" />}>
                      {(src) => <img class="thumb thumb--row" src={src()} alt="" />}
                    </Show>
                    <span class="files__name" title={loose().file.type ? `${fsi(loose().file.name)} (${fsi(loose().file.type)})` : fsi(loose().file.name)}>
                      <bdi>{loose().file.name}</bdi>
                    </span>
                    <span class="files__size">{formatBytes(loose().file.size, locale())}</span>
                    <Show when={props.received[loose().index]}>
                      {(got) => (
                        <a
                          class="button button--primary button--compact files__save"
                          data-testid="save"
                          href={got().url}
                          download={baseName(got().name)}
                          aria-label={t().saveFile(fsi(got().name))}
                        >
                          <SaveIcon />
                          <span>{t().save}</span>
                        </a>
                      )}
                    </Show>
                  </>
                )}
              </Match>
            </Switch>
          </li>
        )}
      </For>
      <Show when={rows().length > MAX_ROWS}>
        <li class="files__row files__more">{t().moreFiles(rows().length - MAX_ROWS)}</li>
      </Show>
    </ul>
  );
}
