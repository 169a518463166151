// "Send to…": what was pasted, dropped or shared, and one button per device. Each press sends it to that
// device; the bar stays until dismissed, so the same thing can go to several devices.
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js";
import type { PeerView } from "../engine/types";
import { locale, t } from "../i18n";
import { Avatar } from "./Avatar";
import { formatBytes } from "./format";
import { imagesOf, type Shared } from "./shared-items";
import { CheckIcon, CloseIcon, FileIcon, TextIcon } from "./icons";
import { fsi } from "./isolate";

const THUMBNAILS = 4;

export function SendToBar(props: { shared: Shared; peers: PeerView[]; onSend: (peerId: string) => void; onClose: () => void }) {
  const [sentTo, setSentTo] = createSignal<string[]>([]);
  const thumbnails = createMemo(() => {
    const urls = imagesOf(props.shared, THUMBNAILS).map((f) => URL.createObjectURL(f));
    onCleanup(() => urls.forEach((u) => URL.revokeObjectURL(u)));
    return urls;
  });
  const files = () => (props.shared.kind === "files" ? props.shared.selection.files : []);
  const bytes = () => files().reduce((sum, f) => sum + f.file.size, 0);

  return (
    <section
      class="send-to card"
      data-testid="send-to"
      aria-labelledby="send-to-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <div class="send-to__head">
        <h2 id="send-to-title" class="send-to__title">
          {t().sendTo.title}
        </h2>
        <button type="button" class="icon-button" aria-label={t().close} title={t().close} onClick={() => props.onClose()}>
          <CloseIcon />
        </button>
      </div>
      <div class="send-to__what">
        <Show
          when={props.shared.kind === "text" && props.shared}
          fallback={
            <>
              <Show when={thumbnails().length > 0} fallback={<FileIcon class="icon send-to__icon" />}>
                <For each={thumbnails()}>{(url) => <img class="thumb" src={url} alt="" />}</For>
              </Show>
              <span class="send-to__summary">
                <span class="send-to__name">{files().length === 1 ? files()[0]!.path : t().incoming.files(files().length)}</span>
                <span class="send-to__size">{formatBytes(bytes(), locale())}</span>
              </span>
            </>
          }
        >
          {(shared) => (
            <>
              <TextIcon class="icon send-to__icon" />
              <p class="send-to__text">{shared().text}</p>
            </>
          )}
        </Show>
      </div>
      <Show when={props.peers.length > 0} fallback={<p class="send-to__none">{t().sendTo.none}</p>}>
        <ul class="send-to__peers" role="list">
          <For each={props.peers}>
            {(peer) => {
              const sent = () => sentTo().includes(peer.id);
              return (
                <li>
                  <button
                    type="button"
                    class="send-to__peer"
                    classList={{ "send-to__peer--sent": sent() }}
                    data-testid="send-to-peer"
                    aria-label={sent() ? t().sendTo.sentTo(fsi(peer.name)) : t().sendTo.to(fsi(peer.name))}
                    // Sent once is enough: a second press would send a second copy.
                    disabled={sent()}
                    onClick={() => {
                      props.onSend(peer.id);
                      setSentTo((ids) => [...ids, peer.id]);
                    }}
                  >
                    <Avatar name={peer.name} device={peer.device} size="small" />
                    <bdi class="send-to__peer-name">{peer.name}</bdi>
                    <Show when={sent()}>
                      <span class="send-to__sent">
                        <CheckIcon />
                        {t().sendTo.sent}
                      </span>
                    </Show>
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
