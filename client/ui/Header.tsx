// The top bar: the app's name, the connection status, pairing and rooms, who this device is, and the page's
// own settings.
import type { PeerInfo } from "../../src/protocol";
import type { SignalingStatus } from "../engine/types";
import { t } from "../i18n";
import { DeviceButtons } from "./DeviceButtons";
import { LanguagePicker } from "./LanguagePicker";
import { NotifyBell } from "./NotifyBell";
import { SelfName } from "./SelfName";
import { StatusPill } from "./StatusPill";

export function Header(props: {
  self: PeerInfo | null;
  status: SignalingStatus;
  room: string | null;
  onRename: (name: string) => void;
  onPair: () => void;
  onRoom: () => void;
}) {
  return (
    <header class="header">
      <div class="header__brand">
        <img class="header__logo" src="/favicon.svg" alt="" width="32" height="32" />
        <h1 class="header__title">{t().appName}</h1>
        <StatusPill status={props.status} />
      </div>
      <DeviceButtons room={props.room} onPair={props.onPair} onRoom={props.onRoom} />
      <SelfName self={props.self} onRename={props.onRename} />
      <div class="header__tools">
        <NotifyBell />
        <LanguagePicker />
      </div>
    </header>
  );
}
