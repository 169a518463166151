// Inside a peer tile: the paired mark, its unpair button and the auto-save choice, the verification code once the channel proof
// held, and the warning when it did not.
import { Show } from "solid-js";
import type { PeerView } from "../engine/types";
import { t } from "../i18n";
import { describeRefusal } from "../i18n/describe";
import { formatDigits } from "./format";
import { Isolated } from "./Isolated";
import { fsi } from "./isolate";

export function PeerTrust(props: { peer: PeerView; onUnpair: (id: string) => void; onAutoSave: (id: string, on: boolean) => void }) {
  return (
    <>
      <Show when={props.peer.refused}>
        {(why) => (
          <p class="peer__warning" role="alert" data-testid="peer-warning">
            <Isolated text={describeRefusal(t(), why(), props.peer.name, props.peer.paired)} names={[props.peer.name]} />
          </p>
        )}
      </Show>
      <div class="peer__trust">
        <Show when={props.peer.paired}>
          <span class="peer__paired" data-testid="paired">
            {t().paired}
          </span>
          <button type="button" class="peer__unpair" data-testid="unpair" aria-label={t().pair.unpairNamed(fsi(props.peer.name))} onClick={() => props.onUnpair(props.peer.id)}>
            {t().pair.unpair}
          </button>
          {/* The label is the 44 px target around the box. */}
          <label class="peer__auto" title={t().autoSave.title(fsi(props.peer.name))}>
            <input type="checkbox" data-testid="auto-save" checked={props.peer.autoSave} onChange={(e) => props.onAutoSave(props.peer.id, e.currentTarget.checked)} />
            <span>{t().autoSave.label}</span>
          </label>
        </Show>
        <Show when={props.peer.verifyCode}>
          {(code) => (
            <span class="peer__verify" title={t().verifyCodeTitle}>
              {t().verifyCode} <span data-testid="verify-code">{formatDigits(code())}</span>
            </span>
          )}
        </Show>
      </div>
    </>
  );
}
