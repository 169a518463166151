// "Pair a device": my code and its QR link, a field for the other device's code, then the verification code
// both screens show and a confirm button; below, the devices paired already and what the codes protect.
import { For, Match, Show, Switch, createResource, createSignal, onCleanup } from "solid-js";
import type { PairedDevice, PairingView } from "../engine/types";
import { t } from "../i18n";
import { formatCountdown, formatDigits } from "./format";
import { CodeForm } from "./CodeForm";
import { CopyButton } from "./CopyButton";
import { hashLink } from "./hash-links";
import { linkBase } from "./lan-url";
import { QrCode } from "./QrCode";
import { Sheet } from "./Sheet";
import { Isolated } from "./Isolated";
import { fsi } from "./isolate";

export function PairDialog(props: {
  view: PairingView;
  paired: PairedDevice[];
  onJoin: (code: string) => void;
  onConfirm: () => void;
  onUnpair: (id: string) => void;
  onClose: () => void;
}) {
  return (
    <Sheet id="pair-title" title={t().pair.title} testid="pair-dialog" onClose={props.onClose}>
      <div class="pairing">
        <Switch>
          <Match when={props.view.stage === "code" && props.view}>{(v) => <CodeStage view={v()} onJoin={props.onJoin} />}</Match>
          <Match when={props.view.stage === "verifying" && props.view}>{(v) => <p class="pairing__status"><Isolated text={t().pair.verifying(v().peer.name)} names={[v().peer.name]} /></p>}</Match>
          <Match when={props.view.stage === "confirm" && props.view}>
            {(v) => (
              <div class="pairing__confirm">
                <p>
                  <Isolated text={t().pair.compare(v().peer.name)} names={[v().peer.name]} />
                </p>
                <p class="pairing__verify" data-testid="verify-code" title={t().verifyCodeTitle}>
                  {formatDigits(v().verifyCode)}
                </p>
                <Show when={!v().confirmed} fallback={<p class="pairing__status"><Isolated text={t().pair.confirmedWaiting(v().peer.name)} names={[v().peer.name]} /></p>}>
                  <button type="button" class="button button--primary" data-testid="pair-confirm" onClick={() => props.onConfirm()}>
                    {t().pair.confirm}
                  </button>
                </Show>
              </div>
            )}
          </Match>
          <Match when={props.view.stage === "done" && props.view}>
            {(v) => (
              <p class="pairing__status" data-testid="pair-done">
                <Isolated text={t().pair.done(v().peer.name)} names={[v().peer.name]} />
              </p>
            )}
          </Match>
          <Match when={props.view.stage === "failed" && props.view}>
            {(v) => (
              <p class="pairing__status pairing__status--error" data-testid="pair-failed">
                <Isolated text={t().pair.failed[v().reason](v().peer.name)} names={[v().peer.name]} />
              </p>
            )}
          </Match>
        </Switch>
        <Show when={props.paired.length > 0}>
          <h3 class="pairing__heading">{t().pair.pairedHeading}</h3>
          <ul class="pairing__list" role="list">
            <For each={props.paired}>
              {(d) => (
                <li class="pairing__device" data-testid="paired-device">
                  <span>
                    <bdi>{d.name}</bdi> <span class="pairing__kind">{d.device}</span>
                  </span>
                  <button type="button" class="button button--quiet button--compact" aria-label={t().pair.unpairNamed(fsi(d.name))} onClick={() => props.onUnpair(d.id)}>
                    {t().pair.unpair}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <details class="pairing__security">
          <summary>{t().pair.security}</summary>
          <p>{t().pair.securityBody}</p>
        </details>
      </div>
    </Sheet>
  );
}

function CodeStage(props: { view: Extract<PairingView, { stage: "code" }>; onJoin: (code: string) => void }) {
  const [base] = createResource(linkBase);
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const left = () => (props.view.expiresAt ? Math.max(0, Math.round((props.view.expiresAt - now()) / 1000)) : 0);
  return (
    <>
      <p class="pairing__intro">{t().pair.intro}</p>
      <Show when={props.view.code}>
        {(code) => (
          <div class="pairing__mine">
            <Show when={base()}>{(b) => <QrCode text={hashLink(b(), { kind: "pair", code: code() })} label={t().pair.qrLabel} />}</Show>
            <div>
              <p>{t().pair.yourCode}</p>
              <p class="pairing__code" data-testid="pair-code" data-code={code()} aria-label={t().pair.codeLabel}>
                {formatDigits(code())}
              </p>
              <p class="pairing__expires">{left() > 0 ? t().pair.expiresIn(formatCountdown(left())) : t().pair.expired}</p>
              <Show when={base()}>
                {(b) => (
                  <div class="invite__url">
                    <code data-testid="pair-link">{hashLink(b(), { kind: "pair", code: code() })}</code>
                    <CopyButton text={hashLink(b(), { kind: "pair", code: code() })} label={t().copyLink} />
                  </div>
                )}
              </Show>
            </div>
          </div>
        )}
      </Show>
      <CodeForm label={t().pair.enterLabel} placeholder="123 456" submit={t().pair.submit} inputTestid="pair-code-input" submitTestid="pair-code-submit" numeric onSubmit={props.onJoin} />
      <Show when={props.view.error}>{(e) => <p class="pairing__status pairing__status--error">{t().pair.error[e()]}</p>}</Show>
    </>
  );
}
