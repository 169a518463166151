// A round badge for a device: an icon for its kind, tinted by a colour derived from its name.
import { Match, Switch } from "solid-js";
import { LaptopIcon, PhoneIcon, TabletIcon } from "./icons";

type Kind = "phone" | "tablet" | "computer";

/** "Chrome on Android" → phone. The device label comes from the server's reading of the user agent. */
export function deviceKind(device: string): Kind {
  if (/ipad|tablet/i.test(device)) return "tablet";
  if (/android|iphone|ios|phone|mobile/i.test(device)) return "phone";
  return "computer";
}

/** A stable hue per name, so a device keeps its colour across reloads. */
export function nameHue(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % 360;
}

export function Avatar(props: { name: string; device: string; size?: "small" | "large" }) {
  return (
    <span
      class="avatar"
      classList={{ "avatar--small": props.size === "small" }}
      style={{ "--hue": String(nameHue(props.name)) }}
      aria-hidden="true"
    >
      <Switch fallback={<LaptopIcon />}>
        <Match when={deviceKind(props.device) === "phone"}>
          <PhoneIcon />
        </Match>
        <Match when={deviceKind(props.device) === "tablet"}>
          <TabletIcon />
        </Match>
      </Switch>
    </span>
  );
}
