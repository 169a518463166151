// The UI's language: one signal holding the locale, `t()` for the words of the current one.
// A new language is one file (a copy of en.ts, translated) and one line in LANGUAGES.
import { createSignal } from "solid-js";
import { recall, remember } from "../state/remembered";
import { en, type Messages } from "./en";
import { zhCN } from "./zh-CN";
import { zhTW } from "./zh-TW";

/** BCP 47 tag → words. The tags are the language picker's option values. */
export const LANGUAGES = { en, "zh-CN": zhCN, "zh-TW": zhTW } satisfies Record<string, Messages>;
export type Locale = keyof typeof LANGUAGES;

const STORAGE_KEY = "ferry-locale";
const isLocale = (tag: string | null): tag is Locale => tag !== null && Object.hasOwn(LANGUAGES, tag);
const chosen = recall(STORAGE_KEY);

/**
 * The first of the browser's preferred languages we speak. Chinese written in Traditional characters
 * (zh-Hant, or the regions that use them) gets zh-TW; any other Chinese gets zh-CN.
 */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    if (t === "zh" || t.startsWith("zh-")) return /-hant|-tw|-hk|-mo/.test(t) ? "zh-TW" : "zh-CN";
    if (t === "en" || t.startsWith("en-")) return "en";
  }
  return "en";
}

const [locale, setLocaleSignal] = createSignal<Locale>(
  isLocale(chosen) ? chosen : matchLocale(globalThis.navigator?.languages ?? []),
);

/** The current locale's BCP 47 tag; reactive. */
export { locale };

/** The current locale's words; reactive, so `{t().x}` in JSX follows the picker. */
export const t = (): Messages => LANGUAGES[locale()];

/** Switch language and remember the choice for the next visit. */
export function setLocale(next: Locale): void {
  setLocaleSignal(next);
  applyLang();
  remember(STORAGE_KEY, next);
}

/** `<html lang>` names the language the page is in, for screen readers, fonts and hyphenation. */
export function applyLang(): void {
  if (typeof document !== "undefined") document.documentElement.lang = locale();
}
