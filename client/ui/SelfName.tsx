// This device's name and kind. The pencil (or a click on the name) turns it into a field; Enter or leaving the
// field renames, Escape keeps the old name; the keyboard's focus goes back to the pencil.
import { Show, createSignal } from "solid-js";
import type { PeerInfo } from "../../src/protocol";
import { MAX_NAME_LENGTH } from "../../src/protocol";
import { t } from "../i18n";
import { Avatar } from "./Avatar";
import { PencilIcon } from "./icons";

export function SelfName(props: { self: PeerInfo | null; onRename: (name: string) => void }) {
  const [editing, setEditing] = createSignal(false);
  let input: HTMLInputElement | undefined;
  let pencil: HTMLButtonElement | undefined;

  const startEditing = () => {
    if (props.self) setEditing(true);
  };
  const finish = (save: boolean) => {
    if (!editing()) return;
    const hadFocus = document.activeElement === input;
    setEditing(false);
    if (save && input) props.onRename(input.value);
    if (hadFocus) pencil?.focus();
  };

  return (
    <div class="self">
      <Avatar name={props.self?.name ?? ""} device={props.self?.device ?? ""} size="small" />
      <div class="self__text">
        <span class="self__you">{t().you}</span>
        <Show
          when={editing()}
          fallback={
            <span class="self__name">
              {/* Empty until the server says who I am: tests wait for this to be non-empty. */}
              <span class="self__label" data-testid="self-name" onClick={startEditing}>
                {props.self?.name ?? ""}
              </span>
              <button
                ref={pencil}
                type="button"
                class="icon-button self__pencil"
                aria-label={t().renameHint}
                title={t().renameHint}
                onClick={startEditing}
              >
                <PencilIcon />
              </button>
            </span>
          }
        >
          <input
            ref={(el) => {
              input = el;
              queueMicrotask(() => {
                el.focus();
                el.select();
              });
            }}
            class="self__input"
            aria-label={t().renameLabel}
            value={props.self?.name ?? ""}
            maxLength={MAX_NAME_LENGTH}
            enterkeyhint="done"
            onKeyDown={(e) => {
              if (e.key !== "Enter" && e.key !== "Escape") return;
              // Without this the key's press lands on the pencil, which has the focus by then, and reopens the field.
              e.preventDefault();
              finish(e.key === "Enter");
            }}
            onBlur={() => finish(true)}
          />
        </Show>
        <span class="self__device">{props.self?.device ?? ""}</span>
      </div>
    </div>
  );
}
