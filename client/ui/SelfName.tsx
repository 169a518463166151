// This device's name and kind. Clicking the name turns it into a field; Enter or leaving the field renames.
import { Show, createSignal } from "solid-js";
import type { PeerInfo } from "../../src/protocol";
import { MAX_NAME_LENGTH } from "../../src/protocol";
import { en } from "../i18n/en";
import { Avatar } from "./Avatar";
import { PencilIcon } from "./icons";

export function SelfName(props: { self: PeerInfo | null; onRename: (name: string) => void }) {
  const [editing, setEditing] = createSignal(false);
  let input: HTMLInputElement | undefined;

  const startEditing = () => {
    if (props.self) setEditing(true);
  };
  const finish = (save: boolean) => {
    if (!editing()) return;
    setEditing(false);
    if (save && input) props.onRename(input.value);
  };

  return (
    <div class="self">
      <Avatar name={props.self?.name ?? ""} device={props.self?.device ?? ""} size="small" />
      <div class="self__text">
        <span class="self__you">{en.you}</span>
        <Show
          when={editing()}
          fallback={
            <button type="button" class="self__name" title={en.renameHint} onClick={startEditing}>
              {/* Empty until the server says who I am: tests wait for this to be non-empty. */}
              <span class="self__label" data-testid="self-name">
                {props.self?.name ?? ""}
              </span>
              <PencilIcon class="icon self__pencil" />
            </button>
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
            aria-label={en.renameLabel}
            value={props.self?.name ?? ""}
            maxLength={MAX_NAME_LENGTH}
            enterkeyhint="done"
            onKeyDown={(e) => {
              if (e.key === "Enter") finish(true);
              if (e.key === "Escape") finish(false);
            }}
            onBlur={() => finish(true)}
          />
        </Show>
        <span class="self__device">{props.self?.device ?? ""}</span>
      </div>
    </div>
  );
}
