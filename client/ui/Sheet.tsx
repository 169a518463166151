// A modal sheet with a title and a close button; a click on the backdrop or Escape closes it too.
import { onMount, type JSX } from "solid-js";
import { t } from "../i18n";
import { CloseIcon } from "./icons";

export function Sheet(props: {
  id: string;
  title: string;
  testid?: string;
  onClose: () => void;
  /** Receives a function that closes the sheet as its own button does (the dialog's close event follows). */
  closer?: (close: () => void) => void;
  children: JSX.Element;
}) {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => {
    dialog?.showModal();
    props.closer?.(() => dialog?.close());
  });
  return (
    <dialog
      ref={dialog}
      class="sheet"
      data-testid={props.testid}
      aria-labelledby={props.id}
      onClose={() => props.onClose()}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === dialog) dialog.close();
      }}
    >
      <div class="sheet__head">
        <h2 id={props.id} class="sheet__title">
          {props.title}
        </h2>
        <button type="button" class="icon-button" aria-label={t().close} onClick={() => dialog?.close()}>
          <CloseIcon />
        </button>
      </div>
      <div class="sheet__body">{props.children}</div>
    </dialog>
  );
}
