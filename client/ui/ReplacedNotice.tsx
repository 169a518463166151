// Shown over the page when this device connected again in another tab: that tab has its peers now. Nothing
// reconnects by itself (the two tabs would take the device from each other in turn); "Use here" takes it back.
import { t } from "../i18n";

export function ReplacedNotice(props: { onUseHere: () => void }) {
  return (
    <div class="replaced" role="alertdialog" aria-labelledby="replaced-title" data-testid="replaced">
      <div class="replaced__card card">
        <h2 id="replaced-title">{t().replaced.title}</h2>
        <p>{t().replaced.body}</p>
        <button type="button" class="button button--primary" data-testid="use-here" onClick={() => props.onUseHere()}>
          {t().replaced.useHere}
        </button>
      </div>
    </div>
  );
}
