// One transfer in either direction: who, what, how far, how fast, and what I can do about it now.
import { Match, Show, Switch } from "solid-js";
import { isFinished, type EndReason, type TransferView } from "../engine/types";
import { locale, t } from "../i18n";
import { describeReason } from "../i18n/describe";
import { FileList } from "./FileList";
import { formatBytes, formatEta, formatSpeed, formatTimeOfDay, percent, summaryParts } from "./format";
import { CloseIcon, DownIcon, UpIcon } from "./icons";
import { ProgressBar } from "./ProgressBar";
import { SaveAll } from "./SaveAll";
import { Isolated } from "./Isolated";
import { RepickPrompt } from "./RepickPrompt";
import { fsi } from "./isolate";

/** The file a reason names, a peer-provided string. */
const reasonFile = (r: EndReason) => (r.code === "file-fault" ? r.file : undefined);
const isError = (t: TransferView) => t.state === "declined" || t.state === "cancelled" || t.state === "failed";

export function TransferItem(props: {
  transfer: TransferView;
  onCancel: (id: string) => void;
  onDismiss: (id: string) => void;
  onRepick: (id: string, files: File[]) => void;
  onRetry: (id: string) => void;
  /** The peer is there to offer to again. */
  reachable: boolean;
}) {
  const tr = () => props.transfer;
  const value = () => (tr().state === "done" ? 100 : percent(tr().bytesDone, tr().totalBytes));
  const tone = () => (isError(tr()) ? "error" : tr().state === "done" ? "done" : ["connecting", "offered", "paused"].includes(tr().state) ? "waiting" : "active");
  const chipLabel = () =>
    tr().state === "active" ? (tr().direction === "send" ? t().sending : t().receiving) : t().state[tr().state];
  const whoIsolated = () => (tr().direction === "send" ? t().to(fsi(tr().peerName)) : t().from(fsi(tr().peerName)));
  const who = () => (tr().direction === "send" ? t().to(tr().peerName) : t().from(tr().peerName));

  return (
    <article class={`item transfer transfer--${tr().state}`} data-testid="transfer" data-state={tr().state} aria-label={`${whoIsolated()}: ${chipLabel()}`}>
      <div class="item__head">
        <span class="item__icon" classList={{ "item__icon--in": tr().direction === "receive" }} aria-hidden="true">
          {tr().direction === "send" ? <UpIcon /> : <DownIcon />}
        </span>
        <div class="item__who">
          <span class="item__peer">
            <Isolated text={who()} names={[tr().peerName]} />
          </span>
          <span class="item__sub">
            {t().incoming.files(tr().files.length)} · {formatBytes(tr().totalBytes, locale())}
          </span>
        </div>
        <span class={`chip chip--${tone()}`}>{chipLabel()}</span>
        <Show when={isFinished(tr().state)}>
          <button type="button" class="icon-button" aria-label={t().dismiss} title={t().dismiss} onClick={() => props.onDismiss(tr().id)}>
            <CloseIcon />
          </button>
        </Show>
      </div>

      <FileList files={tr().files} dirs={tr().dirs} received={tr().received} />
      <Show when={tr().renamed > 0}>
        <p class="item__note" data-testid="renamed-note">
          {t().incoming.renamed(tr().renamed)}
        </p>
      </Show>

      <ProgressBar value={value()} tone={tone()} label={`${who()}, ${value()}%`} />
      <Show when={tr().state === "paused" && tr().direction === "send" && tr().repick}>
        <RepickPrompt transfer={tr()} onPick={props.onRepick} />
      </Show>

      <div class="item__foot">
        <Switch>
          <Match when={tr().state === "connecting"}>
            <span class="item__meta">
              <Isolated text={t().connectingTo(tr().peerName)} names={[tr().peerName]} />
            </span>
          </Match>
          <Match when={tr().state === "offered"}>
            <span class="item__meta">
              <Isolated text={t().waitingFor(tr().peerName)} names={[tr().peerName]} />
            </span>
          </Match>
          <Match when={tr().state === "paused"}>
            <span class="item__meta" data-testid="paused">
              <span>
                <Isolated text={tr().repick === "peer" ? t().repick.peer(tr().peerName) : t().pausedWaiting(tr().peerName)} names={[tr().peerName]} />
              </span>
              <span class="item__pct">{value()}%</span>
              <Show when={tr().expiresAt}>{(at) => <span>{t().pausedKept(formatTimeOfDay(at(), locale()))}</span>}</Show>
            </span>
          </Match>
          <Match when={tr().state === "active"}>
            <span class="item__meta">
              <span class="item__pct">{value()}%</span>
              <span>
                {formatBytes(tr().bytesDone, locale())} / {formatBytes(tr().totalBytes, locale())}
              </span>
              <span>{formatSpeed(tr().bytesPerSecond, locale())}</span>
              <Show when={formatEta(tr().secondsLeft, locale())}>{(eta) => <span>{t().timeLeft(eta())}</span>}</Show>
            </span>
          </Match>
          <Match when={tr().state === "done"}>
            <span class="item__meta">
              <span>{tr().direction === "send" ? t().delivered : t().receivedVerified}</span>
              <Show when={summaryParts(tr().totalBytes, tr().startedAt, tr().finishedAt, locale())}>
                {(s) => <span>{t().summary(s().size, s().took, s().speed)}</span>}
              </Show>
              <Show when={tr().autoSave}>
                <span data-testid="auto-saved">{t().autoSave.saved}</span>
              </Show>
              <Show when={tr().direction === "receive" && tr().savedTo}>{(where) => <span data-testid="saved-to">{t().savedTo(where())}</span>}</Show>
            </span>
            <Show when={tr().direction === "receive" && (tr().files.length > 1 || tr().dirs.length > 0 || tr().files[0]?.name.includes("/"))}>
              <SaveAll transfer={tr()} />
            </Show>
          </Match>
          <Match when={isError(tr())}>
            <p class="item__error" data-testid="transfer-error" role="status">
              {tr().reason ? <Isolated text={describeReason(t(), tr().reason!, tr().peerName)} names={[tr().peerName, reasonFile(tr().reason!)]} /> : t().fallbackReason[tr().state as "declined" | "cancelled" | "failed"]}
            </p>
          </Match>
        </Switch>
        <Show when={tr().retryable && props.reachable}>
          <button type="button" class="button button--compact" data-testid="retry" onClick={() => props.onRetry(tr().id)}>
            {t().retry}
          </button>
        </Show>
        <Show when={!isFinished(tr().state)}>
          <button type="button" class="button button--compact" data-testid="cancel" onClick={() => props.onCancel(tr().id)}>
            {t().cancel}
          </button>
        </Show>
      </div>
    </article>
  );
}
