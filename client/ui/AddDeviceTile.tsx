// The last tile of the grid: opens the invite (address and QR code) for one more device.
import { Show, createSignal } from "solid-js";
import { t } from "../i18n";
import { InviteCard } from "./InviteCard";
import { Sheet } from "./Sheet";
import { PlusIcon } from "./icons";

export function AddDeviceTile() {
  const [open, setOpen] = createSignal(false);
  return (
    <li class="peer peer--add">
      <button type="button" class="peer__main" onClick={() => setOpen(true)}>
        <span class="add-icon" aria-hidden="true">
          <PlusIcon />
        </span>
        <span class="peer__name">{t().invite.tile}</span>
        <span class="peer__device">{t().invite.tileHint}</span>
      </button>
      <Show when={open()}>
        <InviteDialog onClose={() => setOpen(false)} />
      </Show>
    </li>
  );
}

function InviteDialog(props: { onClose: () => void }) {
  return (
    <Sheet id="invite-title" title={t().invite.title} onClose={props.onClose}>
      <InviteCard />
    </Sheet>
  );
}
