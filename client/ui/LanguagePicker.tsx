// The language picker: a real <select> (every platform's own menu, every screen reader) over a globe and the
// language's name; the name hides on phones, where the header has room for the globe only.
import { For } from "solid-js";
import { LANGUAGES, locale, setLocale, t, type Locale } from "../i18n";
import { GlobeIcon } from "./icons";

const TAGS = Object.keys(LANGUAGES) as Locale[];

export function LanguagePicker() {
  return (
    <label class="lang">
      <GlobeIcon class="icon lang__icon" />
      <span class="lang__name" aria-hidden="true">
        {t().languageName}
      </span>
      <select
        class="lang__select"
        data-testid="language"
        aria-label={t().languageLabel}
        value={locale()}
        onChange={(e) => setLocale(e.currentTarget.value as Locale)}
      >
        <For each={TAGS}>
          {(tag) => (
            <option value={tag} lang={tag}>
              {LANGUAGES[tag].languageName}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
