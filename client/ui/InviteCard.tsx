// How to bring another device here: the address to open as text, as a QR code, and a copy button.
import { createResource, Show } from "solid-js";
import { en } from "../i18n/en";
import { CopyButton } from "./CopyButton";
import { QrCode } from "./QrCode";
import { isLoopbackPage, shareableUrl } from "./lan-url";

export function InviteCard() {
  const [url] = createResource(shareableUrl);
  return (
    <div class="invite" data-testid="invite">
      <Show when={url()}>{(u) => <QrCode text={u()} label={en.invite.qrLabel} />}</Show>
      <div class="invite__text">
        <p class="invite__body">{en.invite.body}</p>
        <Show when={url()}>
          {(u) => (
            <div class="invite__url">
              <code data-testid="invite-url">{u()}</code>
              <CopyButton text={u()} label={en.copyLink} />
            </div>
          )}
        </Show>
        <Show when={isLoopbackPage() && url.state === "ready"}>
          <p class="invite__warn">{url() ? en.invite.loopbackLan : en.invite.loopback}</p>
        </Show>
      </div>
    </div>
  );
}
