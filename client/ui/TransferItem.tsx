// One transfer in either direction: who, what, how far, how fast, and what I can do about it now.
import { Match, Show, Switch } from "solid-js";
import type { TransferView } from "../engine/types";
import { en } from "../i18n/en";
import { FileList } from "./FileList";
import { formatBytes, formatEta, formatSpeed, formatSummary, percent } from "./format";
import { CloseIcon, DownIcon, UpIcon } from "./icons";
import { ProgressBar } from "./ProgressBar";

const isOver = (t: TransferView) => t.state === "done" || t.state === "declined" || t.state === "cancelled" || t.state === "failed";
const isError = (t: TransferView) => t.state === "declined" || t.state === "cancelled" || t.state === "failed";

export function TransferItem(props: {
  transfer: TransferView;
  onCancel: (id: string) => void;
  onDismiss: (id: string) => void;
}) {
  const t = () => props.transfer;
  const value = () => (t().state === "done" ? 100 : percent(t().bytesDone, t().totalBytes));
  const tone = () => (isError(t()) ? "error" : t().state === "done" ? "done" : t().state === "offered" ? "waiting" : "active");
  const chipLabel = () =>
    t().state === "active" ? (t().direction === "send" ? en.sending : en.receiving) : en.state[t().state];
  const who = () => (t().direction === "send" ? en.to(t().peerName) : en.from(t().peerName));

  return (
    <article class={`item transfer transfer--${t().state}`} aria-label={`${who()}: ${chipLabel()}`}>
      <div class="item__head">
        <span class="item__icon" classList={{ "item__icon--in": t().direction === "receive" }} aria-hidden="true">
          {t().direction === "send" ? <UpIcon /> : <DownIcon />}
        </span>
        <div class="item__who">
          <span class="item__peer">{who()}</span>
          <span class="item__sub">
            {en.incoming.files(t().files.length)} · {formatBytes(t().totalBytes)}
          </span>
        </div>
        <span class={`chip chip--${tone()}`}>{chipLabel()}</span>
        <Show when={isOver(t())}>
          <button type="button" class="icon-button" aria-label={en.dismiss} title={en.dismiss} onClick={() => props.onDismiss(t().id)}>
            <CloseIcon />
          </button>
        </Show>
      </div>

      <FileList files={t().files} received={t().received} />

      <ProgressBar value={value()} tone={tone()} label={`${who()}, ${value()}%`} />

      <div class="item__foot">
        <Switch>
          <Match when={t().state === "offered"}>
            <span class="item__meta">{en.waitingFor(t().peerName)}</span>
          </Match>
          <Match when={t().state === "active"}>
            <span class="item__meta">
              <span class="item__pct">{value()}%</span>
              <span>
                {formatBytes(t().bytesDone)} / {formatBytes(t().totalBytes)}
              </span>
              <span>{formatSpeed(t().bytesPerSecond)}</span>
              <Show when={formatEta(t().secondsLeft)}>{(eta) => <span>{eta()}</span>}</Show>
            </span>
          </Match>
          <Match when={t().state === "done"}>
            <span class="item__meta">
              <span>{t().direction === "send" ? en.delivered : en.receivedVerified}</span>
              <Show when={formatSummary(t().totalBytes, t().startedAt, t().finishedAt)}>{(summary) => <span>{summary()}</span>}</Show>
            </span>
          </Match>
          <Match when={isError(t())}>
            <p class="item__error" data-testid="transfer-error" role="status">
              {t().reason ?? en.fallbackReason[t().state as "declined" | "cancelled" | "failed"]}
            </p>
          </Match>
        </Switch>
        <Show when={t().state === "offered" || t().state === "active"}>
          <button type="button" class="button button--compact" data-testid="cancel" onClick={() => props.onCancel(t().id)}>
            {en.cancel}
          </button>
        </Show>
      </div>
    </article>
  );
}
