// Copies text to the clipboard. Without the async Clipboard API (plain HTTP), it falls back to the old
// execCommand path, and if even that is refused it says so, so the person can select and copy by hand.
import { createSignal, onCleanup } from "solid-js";
import { t } from "../i18n";
import { CopyIcon } from "./icons";

async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      console.warn("Clipboard API refused; trying the fallback", error);
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

export function CopyButton(props: { text: string; label?: string; compact?: boolean }) {
  const [result, setResult] = createSignal<"idle" | "copied" | "failed">("idle");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const label = () =>
    result() === "copied" ? t().copied : result() === "failed" ? t().copyFailed : (props.label ?? t().copy);

  return (
    <button
      type="button"
      class="button button--quiet"
      classList={{ "button--compact": props.compact }}
      onClick={async () => {
        setResult((await copyText(props.text)) ? "copied" : "failed");
        clearTimeout(timer);
        timer = setTimeout(() => setResult("idle"), 2000);
      }}
    >
      <CopyIcon />
      <span aria-live="polite">{label()}</span>
    </button>
  );
}
