// Shown while I am alone in my room: how to bring another device here.
import { en } from "../i18n/en";
import { CopyButton } from "./CopyButton";

export function EmptyState() {
  const url = location.origin + location.pathname;
  return (
    <div class="empty">
      <div class="empty__radar" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <p class="empty__title">{en.emptyTitle}</p>
      <p class="empty__body">{en.emptyBody}</p>
      <div class="empty__url">
        <code>{url}</code>
        <CopyButton text={url} label={en.copyLink} />
      </div>
    </div>
  );
}
