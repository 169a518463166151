// How to bring another device here: the address to open as text, as a QR code, and a copy button.
import { createEffect, createResource, onCleanup, Show } from "solid-js";
import { t } from "../i18n";
import { CopyButton } from "./CopyButton";
import { QrCode } from "./QrCode";
import { isLoopbackPage, shareableUrl } from "./lan-url";

const RETRY_MS = 2000;

export function InviteCard() {
  const [url, { refetch }] = createResource(shareableUrl);
  // Read only when settled: reading an errored resource throws.
  const known = () => (url.state === "ready" ? url() : null);
  // Asked while the server was away (a restart): ask again until it answers; until then nothing is claimed.
  createEffect(() => {
    if (!url.error) return;
    console.info("ferry: could not learn this machine's network address yet", url.error);
    const retry = setTimeout(() => void refetch(), RETRY_MS);
    onCleanup(() => clearTimeout(retry));
  });
  return (
    <div class="invite" data-testid="invite">
      <Show when={known()}>{(u) => <QrCode text={u()} label={t().invite.qrLabel} />}</Show>
      <div class="invite__text">
        <p class="invite__body">{t().invite.body}</p>
        <Show when={known()}>
          {(u) => (
            <div class="invite__url">
              <code data-testid="invite-url">{u()}</code>
              <CopyButton text={u()} label={t().copyLink} />
            </div>
          )}
        </Show>
        <Show when={isLoopbackPage() && url.state === "ready"}>
          <p class="invite__warn">{known() ? t().invite.loopbackLan : t().invite.loopback}</p>
        </Show>
      </div>
    </div>
  );
}
