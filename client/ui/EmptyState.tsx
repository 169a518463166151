// Shown while I am alone in my room: how to bring another device here.
import { en } from "../i18n/en";
import { InviteCard } from "./InviteCard";

export function EmptyState() {
  return (
    <div class="empty">
      <div class="empty__radar" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <p class="empty__title">{en.emptyTitle}</p>
      <InviteCard />
    </div>
  );
}
