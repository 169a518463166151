// Transfers and texts in both directions, newest first, in one feed.
import { For, Match, Show, Switch, createMemo } from "solid-js";
import { isFinished, type TextMessage, type TransferView } from "../engine/types";
import { t } from "../i18n";
import { TextItem } from "./TextItem";
import { TransferItem } from "./TransferItem";

export function Activity(props: {
  transfers: TransferView[];
  texts: TextMessage[];
  onCancel: (id: string) => void;
  onRepick: (id: string, files: File[]) => void;
  onRetry: (id: string) => void;
  /** The peer can be offered to now (signaling lists it, or its link is open). */
  reachable: (peerId: string) => boolean;
  onDismissTransfer: (id: string) => void;
  onDismissText: (id: string) => void;
  onClearFinished: () => void;
}) {
  // Keys are strings, so <For> keeps each row's DOM while snapshots replace the objects behind it.
  const keys = createMemo(() =>
    [
      ...props.transfers.map((t) => ({ key: `t:${t.id}`, at: t.createdAt })),
      ...props.texts.map((m) => ({ key: `m:${m.id}`, at: m.at })),
    ]
      .sort((a, b) => b.at - a.at)
      .map((e) => e.key),
  );
  const finished = () =>
    props.texts.length + props.transfers.filter((t) => isFinished(t.state)).length;
  const transfer = (key: string) => props.transfers.find((t) => `t:${t.id}` === key);
  const text = (key: string) => props.texts.find((m) => `m:${m.id}` === key);

  return (
    <Show when={keys().length > 0}>
      <section class="activity" aria-labelledby="activity-heading">
        <div class="section-head">
          <h2 id="activity-heading" class="section-title">
            {t().activityHeading}
          </h2>
          <Show when={finished() > 1}>
            <button type="button" class="button button--quiet button--compact" onClick={() => props.onClearFinished()}>
              {t().clearFinished}
            </button>
          </Show>
        </div>
        <ul class="activity__list" role="list">
          <For each={keys()}>
            {(key) => (
              <li class="activity__row">
                <Switch>
                  <Match when={transfer(key)}>
                    {(t) => <TransferItem transfer={t()} onCancel={props.onCancel} onRepick={props.onRepick} onRetry={props.onRetry} reachable={props.reachable(t().peerId)} onDismiss={props.onDismissTransfer} />}
                  </Match>
                  <Match when={text(key)}>{(m) => <TextItem message={m()} onDismiss={props.onDismissText} />}</Match>
                </Switch>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
