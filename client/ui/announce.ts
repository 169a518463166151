// What a person in another tab hears about: new offers, texts, and transfers that finished or failed.
// Each is announced once; nothing is announced while Ferry's tab is in front (notify.ts).
import { createEffect } from "solid-js";
import type { TextMessage, TransferView } from "../engine/types";
import { t } from "../i18n";
import { notifyIfHidden } from "./notify";
import { fsi } from "./isolate";

const names = (t: TransferView) => t.files.slice(0, 5).map((f) => fsi(f.name)).join(", ");

export function announceWhileHidden(state: { transfers: TransferView[]; texts: TextMessage[] }): void {
  const announced = new Set<string>();
  const once = (key: string, title: string, body: string) => {
    if (announced.has(key)) return;
    announced.add(key);
    void notifyIfHidden(title, body, key).catch((err: unknown) => console.warn("ferry: a notification could not be shown", err));
  };
  createEffect(() => {
    for (const tr of state.transfers) {
      if (tr.direction === "receive" && tr.state === "offered") once(`offer:${tr.id}`, t().notify.offer(fsi(tr.peerName)), names(tr));
      else if (tr.state === "done")
        once(`end:${tr.id}`, tr.direction === "receive" ? t().notify.received(fsi(tr.peerName)) : t().notify.delivered(fsi(tr.peerName)), names(tr));
      else if (tr.state === "failed") once(`end:${tr.id}`, t().notify.failed(fsi(tr.peerName)), names(tr));
    }
    for (const text of state.texts) if (text.direction === "receive") once(`text:${text.id}`, t().notify.text(fsi(text.peerName)), fsi(text.text));
  });
}
