// The last tile of the grid: opens the invite (address and QR code) for one more device.
import { Show, createSignal, onMount } from "solid-js";
import { en } from "../i18n/en";
import { InviteCard } from "./InviteCard";
import { CloseIcon, PlusIcon } from "./icons";

export function AddDeviceTile() {
  const [open, setOpen] = createSignal(false);
  return (
    <li class="peer peer--add">
      <button type="button" class="peer__main" onClick={() => setOpen(true)}>
        <span class="add-icon" aria-hidden="true">
          <PlusIcon />
        </span>
        <span class="peer__name">{en.invite.tile}</span>
        <span class="peer__device">{en.invite.tileHint}</span>
      </button>
      <Show when={open()}>
        <InviteDialog onClose={() => setOpen(false)} />
      </Show>
    </li>
  );
}

function InviteDialog(props: { onClose: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  return (
    <dialog
      ref={dialog}
      class="sheet"
      aria-labelledby="invite-title"
      onClose={() => props.onClose()}
      onClick={(e) => {
        if (e.target === dialog) dialog.close();
      }}
    >
      <div class="sheet__head">
        <h2 id="invite-title" class="sheet__title">
          {en.invite.title}
        </h2>
        <button type="button" class="icon-button" aria-label={en.close} onClick={() => dialog?.close()}>
          <CloseIcon />
        </button>
      </div>
      <InviteCard />
    </dialog>
  );
}
