// How this device reaches a peer: direct, relayed, still connecting, or not at all. Hidden until a connection is tried.
import { Show } from "solid-js";
import type { PeerRoute } from "../engine/types";
import { t } from "../i18n";

export function RouteBadge(props: { route: PeerRoute }) {
  return (
    <Show when={props.route !== "idle"}>
      <span class={`route route--${props.route}`} data-testid="peer-route" title={t().routeTitle[props.route]}>
        {t().route[props.route]}
      </span>
    </Show>
  );
}
