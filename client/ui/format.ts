// How numbers read on screen: sizes, speeds and durations, in the page's locale through Intl. Pure functions, no DOM.
import { numberFormat, unitList } from "../i18n/intl";

const UNITS = ["kilobyte", "megabyte", "gigabyte", "terabyte", "petabyte"] as const;

/** One decimal below 100 of a unit (whole numbers would hide progress), none above. */
const digits = (value: number) => (value < 100 ? 1 : 0);

/** Decimal units: 1536 → "1.5 kB". */
export function formatBytes(bytes: number, locale: string): string {
  return scaled(bytes, locale, "");
}

/** Bytes per second → "12.3 MB/s" (zh: "12.3 MB/秒"). */
export function formatSpeed(bytesPerSecond: number, locale: string): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "—";
  return scaled(bytesPerSecond, locale, "-per-second");
}

function scaled(n: number, locale: string, per: "" | "-per-second"): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  if (n < 1000) {
    // Intl spells bytes out ("999 byte"); the symbol B reads the same in every language we speak.
    const count = numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
    return per ? `${count} B/s` : `${count} B`;
  }
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const d = digits(value);
  return numberFormat(locale, { style: "unit", unit: `${UNITS[unit]}${per}`, minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
}

/** Hours, minutes and seconds in the locale's short units: "1 hr 5 min", zh-CN "1小时5分钟". */
function duration(locale: string, parts: [unit: "hour" | "minute" | "second", value: number, fraction?: number][]): string {
  const nonZero = parts.filter(([, v]) => v > 0);
  const shown = nonZero.length > 0 ? nonZero : parts.slice(-1);
  const words = shown.map(([unit, value, fraction = 0]) =>
    numberFormat(locale, { style: "unit", unit, unitDisplay: "short", minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(value),
  );
  return unitList(locale).format(words);
}

/** Seconds left → "8 sec", "3 min", "1 hr 5 min"; null when unknown. The language file adds "left". */
export function formatEta(seconds: number | null, locale: string): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.ceil(seconds);
  if (s < 60) return duration(locale, [["second", s]]);
  return hoursAndMinutes(Math.round(s / 60), locale);
}

/** How long something took: "4.2 sec", "41 sec", "2 min". */
export function formatTook(seconds: number, locale: string): string {
  if (seconds < 60) return duration(locale, [["second", seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds), seconds < 10 ? 1 : 0]]);
  return hoursAndMinutes(Math.round(seconds / 60), locale);
}

function hoursAndMinutes(minutes: number, locale: string): string {
  if (minutes < 60) return duration(locale, [["minute", minutes]]);
  return duration(locale, [
    ["hour", Math.floor(minutes / 60)],
    ["minute", minutes % 60],
  ]);
}

/** Whole-number percent for aria-valuenow: never 100 before the last byte, never outside 0–100. */
export function percent(done: number, total: number): number {
  if (total <= 0) return done > 0 ? 100 : 0;
  const p = Math.floor((done / total) * 100);
  return Math.min(100, Math.max(0, p));
}

/** A finished transfer's size, duration and speed, formatted; null when it never started. */
export function summaryParts(bytes: number, startedAt: number | null, finishedAt: number | null, locale: string) {
  if (startedAt === null || finishedAt === null) return null;
  const seconds = Math.max(0.001, (finishedAt - startedAt) / 1000);
  return { size: formatBytes(bytes, locale), took: formatTook(seconds, locale), speed: formatSpeed(bytes / seconds, locale) };
}

/** A 6-digit code as people read it: "123 456". */
export const formatDigits = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;
/** A room code as people read it: "ABCD-EFGH". */
export const formatRoomCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
/** Seconds as a countdown: 102 → "1:42". */
export const formatCountdown = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** When a paused transfer expires: a weekday and time, since it may be tomorrow ("Thu 14:05"). */
export const formatTimeOfDay = (at: number, locale: string) => new Intl.DateTimeFormat(locale, { weekday: "short", hour: "2-digit", minute: "2-digit" }).format(at);
