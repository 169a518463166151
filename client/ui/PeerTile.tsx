// One nearby device. Tap it to pick files, drop files or folders on it to send them, pick a folder, open the
// text composer, or tick it to send to several devices at once.
import { createSignal } from "solid-js";
import type { PeerView, Selection } from "../engine/types";
import { t } from "../i18n";
import { Avatar } from "./Avatar";
import { PeerTrust } from "./PeerTrust";
import { PickInput } from "./PickInput";
import { RouteBadge } from "./RouteBadge";
import { FolderIcon, TextIcon } from "./icons";
import { selectionOfDrop } from "./pick";
import { fsi } from "./isolate";

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;

export function PeerTile(props: {
  peer: PeerView;
  progress: number | null;
  selected: boolean;
  onSelect: (peerId: string, selected: boolean) => void;
  onSendFiles: (peerIds: string[], selection: Selection) => void;
  onComposeText: (peer: PeerView) => void;
  onUnpair: (id: string) => void;
  onAutoSave: (id: string, on: boolean) => void;
}) {
  let input: HTMLInputElement | undefined;
  let folderInput: HTMLInputElement | undefined;
  // dragenter/dragleave fire for every child the pointer crosses; count them to know when it really left.
  const [dragDepth, setDragDepth] = createSignal(0);

  const send = (selection: Selection) => {
    if (selection.files.length > 0) props.onSendFiles([props.peer.id], selection);
  };

  return (
    <li
      class="peer"
      classList={{ "peer--drop": dragDepth() > 0, "peer--failed": props.peer.route === "failed" || props.peer.refused !== null }}
      data-testid="peer"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setDragDepth((d) => d + 1);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => setDragDepth((d) => Math.max(0, d - 1))}
      onDrop={(e) => {
        e.preventDefault();
        setDragDepth(0);
        if (e.dataTransfer) selectionOfDrop(e.dataTransfer).then(send, (err) => console.warn("ferry: could not read what was dropped", err));
      }}
    >
      <button type="button" class="peer__main" onClick={() => input?.click()}>
        <span class="peer__ring" classList={{ "peer__ring--on": props.progress !== null }} style={{ "--p": String(props.progress ?? 0) }}>
          <Avatar name={props.peer.name} device={props.peer.device} />
        </span>
        <bdi class="peer__name">{props.peer.name}</bdi>
        <span class="peer__device">{props.peer.device}</span>
        <span class="peer__hint">
          {dragDepth() > 0 ? (
            t().dropHint
          ) : (
            <>
              <span class="only-touch">{t().tileHint}</span>
              <span class="only-mouse">{t().tileHintMouse}</span>
            </>
          )}
        </span>
      </button>
      <RouteBadge route={props.peer.route} />
      <PeerTrust peer={props.peer} onUnpair={props.onUnpair} onAutoSave={props.onAutoSave} />
      {/* The label is the 44 px target around an 18 px box. */}
      <label class="peer__select" title={t().selectPeer(fsi(props.peer.name))}>
        <input
          type="checkbox"
          data-testid="peer-select"
          aria-label={t().selectPeer(fsi(props.peer.name))}
          checked={props.selected}
          onChange={(e) => props.onSelect(props.peer.id, e.currentTarget.checked)}
        />
      </label>
      <PickInput testId="send-files" ref={(el) => (input = el)} onPick={send} />
      <PickInput folder testId="send-folder" ref={(el) => (folderInput = el)} onPick={send} />
      <div class="peer__actions">
        <button
          type="button"
          class="peer__text"
          data-testid="send-text"
          aria-label={t().sendTextTo(fsi(props.peer.name))}
          onClick={() => props.onComposeText(props.peer)}
        >
          <TextIcon />
          <span>{t().sendText}</span>
        </button>
        <button type="button" class="peer__text" aria-label={t().sendFolderTo(fsi(props.peer.name))} onClick={() => folderInput?.click()}>
          <FolderIcon />
          <span>{t().sendFolder}</span>
        </button>
      </div>
    </li>
  );
}
