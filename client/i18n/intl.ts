// Locale-aware numbers and plurals for the language files and client/ui/format.ts. Intl objects are costly to
// build and rendering asks for them often, so each locale and option set gets one, kept.

const numbers = new Map<string, Intl.NumberFormat>();
const plurals = new Map<string, Intl.PluralRules>();
const lists = new Map<string, Intl.ListFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numbers.get(key);
  if (!f) numbers.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** 10000 → "10,000" in English. */
export const formatNumber = (locale: string, n: number, options?: Intl.NumberFormatOptions): string => numberFormat(locale, options).format(n);

/** The form for `n` by the locale's plural rules; `#` in it becomes the formatted number. */
export function plural(locale: string, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  let rules = plurals.get(locale);
  if (!rules) plurals.set(locale, (rules = new Intl.PluralRules(locale)));
  return (forms[rules.select(n)] ?? forms.other).replace("#", formatNumber(locale, n));
}

/** The locale's narrow unit list ("1 hr 5 min"); progress asks for it on every tick. */
export function unitList(locale: string): Intl.ListFormat {
  let f = lists.get(locale);
  if (!f) lists.set(locale, (f = new Intl.ListFormat(locale, { type: "unit", style: "narrow" })));
  return f;
}
