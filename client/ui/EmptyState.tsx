// Shown while I am alone in my room: how to bring another device here.
import { t } from "../i18n";
import { InviteCard } from "./InviteCard";

export function EmptyState() {
  return (
    <div class="empty">
      <div class="empty__radar" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <p class="empty__title">{t().emptyTitle}</p>
      <InviteCard />
    </div>
  );
}
