// A paused send after this page reloaded: its files must be picked again before it can resume. The engine
// checks they are the same files; until then, and after a wrong pick, it stays paused and asks again.
import { Show } from "solid-js";
import type { TransferView } from "../engine/types";
import { t } from "../i18n";
import { Isolated } from "./Isolated";

export function RepickPrompt(props: { transfer: TransferView; onPick: (id: string, files: File[]) => void }) {
  const tr = () => props.transfer;
  /** The one file by name, or how many. */
  const what = () => (tr().files.length === 1 ? tr().files[0]!.name : t().incoming.files(tr().files.length));
  return (
    <div class="item__repick" data-testid="repick" data-state={tr().repick}>
      <Show when={tr().repick === "not-same"}>
        <p class="item__error" data-testid="repick-refused" role="alert">
          <Isolated text={t().repick.notSame(what())} names={[what()]} />
        </p>
      </Show>
      <Show when={tr().repick === "checking"} fallback={<Isolated text={t().repick.ask(what())} names={[what()]} />}>
        <span role="status">{t().repick.checking}</span>
      </Show>
      <label class="button button--compact">
        {t().repick.choose}
        <input
          class="visually-hidden"
          type="file"
          multiple={tr().files.length > 1}
          data-testid="pick-again"
          disabled={tr().repick === "checking"}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = "";
            if (files.length > 0) props.onPick(tr().id, files);
          }}
        />
      </label>
    </div>
  );
}
