// One nearby device. Tap it to pick files, drop files on it to send them, or open the text composer.
import { createSignal } from "solid-js";
import type { PeerView } from "../engine/types";
import { en } from "../i18n/en";
import { Avatar } from "./Avatar";
import { RouteBadge } from "./RouteBadge";
import { TextIcon } from "./icons";

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;

export function PeerTile(props: {
  peer: PeerView;
  progress: number | null;
  onSendFiles: (peerId: string, files: File[]) => void;
  onComposeText: (peer: PeerView) => void;
}) {
  let input: HTMLInputElement | undefined;
  // dragenter/dragleave fire for every child the pointer crosses; count them to know when it really left.
  const [dragDepth, setDragDepth] = createSignal(0);

  const send = (files: FileList | null | undefined) => {
    const list = Array.from(files ?? []);
    if (list.length > 0) props.onSendFiles(props.peer.id, list);
  };

  return (
    <li
      class="peer"
      classList={{ "peer--drop": dragDepth() > 0, "peer--failed": props.peer.route === "failed" }}
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
        send(e.dataTransfer?.files);
      }}
    >
      <button type="button" class="peer__main" onClick={() => input?.click()}>
        <span class="peer__ring" classList={{ "peer__ring--on": props.progress !== null }} style={{ "--p": String(props.progress ?? 0) }}>
          <Avatar name={props.peer.name} device={props.peer.device} />
        </span>
        <span class="peer__name">{props.peer.name}</span>
        <span class="peer__device">{props.peer.device}</span>
        <span class="peer__hint">
          {dragDepth() > 0 ? (
            en.dropHint
          ) : (
            <>
              <span class="only-touch">{en.tileHint}</span>
              <span class="only-mouse">{en.tileHintMouse}</span>
            </>
          )}
        </span>
      </button>
      <RouteBadge route={props.peer.route} />
      <input
        ref={input}
        class="visually-hidden"
        type="file"
        multiple
        tabindex="-1"
        aria-hidden="true"
        data-testid="send-files"
        onChange={(e) => {
          send(e.currentTarget.files);
          // Let the same file be chosen again next time.
          e.currentTarget.value = "";
        }}
      />
      <button
        type="button"
        class="peer__text"
        data-testid="send-text"
        aria-label={en.sendTextTo(props.peer.name)}
        onClick={() => props.onComposeText(props.peer)}
      >
        <TextIcon />
        <span>{en.sendText}</span>
      </button>
    </li>
  );
}
