// How to bring another device here: this page's address as text, as a QR code, and a copy button.
import { Show } from "solid-js";
import { en } from "../i18n/en";
import { CopyButton } from "./CopyButton";
import { QrCode } from "./QrCode";

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

export function InviteCard() {
  const url = location.origin + location.pathname;
  // A code for localhost would send the scanning phone to itself.
  const loopback = LOOPBACK.test(location.hostname);
  return (
    <div class="invite">
      <Show when={!loopback}>
        <QrCode text={url} label={en.invite.qrLabel} />
      </Show>
      <div class="invite__text">
        <p class="invite__body">{en.invite.body}</p>
        <div class="invite__url">
          <code>{url}</code>
          <CopyButton text={url} label={en.copyLink} />
        </div>
        <Show when={loopback}>
          <p class="invite__warn">{en.invite.loopback}</p>
        </Show>
      </div>
    </div>
  );
}
