// The top bar: the app's name, the connection status, and who this device is.
import type { PeerInfo } from "../../src/protocol";
import type { SignalingStatus } from "../engine/types";
import { en } from "../i18n/en";
import { SelfName } from "./SelfName";
import { StatusPill } from "./StatusPill";

export function Header(props: { self: PeerInfo | null; status: SignalingStatus; onRename: (name: string) => void }) {
  return (
    <header class="header">
      <div class="header__brand">
        <img class="header__logo" src="/favicon.svg" alt="" width="32" height="32" />
        <h1 class="header__title">{en.appName}</h1>
        <StatusPill status={props.status} />
      </div>
      <SelfName self={props.self} onRename={props.onRename} />
    </header>
  );
}
