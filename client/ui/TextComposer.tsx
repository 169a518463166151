// A modal sheet for writing a text to one peer. Ctrl/Cmd+Enter sends; Escape or Cancel closes.
import { createSignal, onMount } from "solid-js";
import { t } from "../i18n";
import { Isolated } from "./Isolated";

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function TextComposer(props: { peerName: string; onSend: (text: string) => void; onClose: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  let field: HTMLTextAreaElement | undefined;
  const [text, setText] = createSignal("");

  onMount(() => {
    dialog?.showModal();
    field?.focus();
  });

  const send = () => {
    if (text().trim().length === 0) return;
    props.onSend(text());
    dialog?.close();
  };

  return (
    <dialog
      ref={dialog}
      class="sheet composer"
      aria-labelledby="composer-title"
      onClose={() => props.onClose()}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === dialog) dialog.close();
      }}
    >
      <form
        class="composer__form"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <h2 id="composer-title" class="composer__title">
          <Isolated text={t().composer.title(props.peerName)} names={[props.peerName]} />
        </h2>
        <textarea
          ref={field}
          class="composer__input"
          data-testid="text-input"
          aria-labelledby="composer-title"
          placeholder={t().composer.placeholder}
          rows={5}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
        />
        <div class="composer__actions">
          <span class="composer__hint">{isMac ? t().composer.shortcutMac : t().composer.shortcut}</span>
          <button type="button" class="button" onClick={() => dialog?.close()}>
            {t().composer.cancel}
          </button>
          <button type="submit" class="button button--primary" data-testid="text-send" disabled={text().trim().length === 0}>
            {t().composer.send}
          </button>
        </div>
      </form>
    </dialog>
  );
}
