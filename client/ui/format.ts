// How numbers read on screen: sizes, speeds and time left. Pure functions, no DOM.

const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** 1536 → "1.5 KB". Decimal-free below 10 of a unit would hide progress, so we keep one decimal up to 100. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Bytes per second → "12.3 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "—";
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds left → "8 s left", "3 min left", "1 h 5 min left"; null when unknown. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s left`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h left` : `${hours} h ${rest} min left`;
}

/** Whole-number percent for aria-valuenow: never 100 before the last byte, never outside 0–100. */
export function percent(done: number, total: number): number {
  if (total <= 0) return done > 0 ? 100 : 0;
  const p = Math.floor((done / total) * 100);
  return Math.min(100, Math.max(0, p));
}

/** A finished transfer in one phrase: "41.9 MB in 8 s · 5.2 MB/s"; null when it never started. */
export function formatSummary(bytes: number, startedAt: number | null, finishedAt: number | null): string | null {
  if (startedAt === null || finishedAt === null) return null;
  const seconds = Math.max(0.001, (finishedAt - startedAt) / 1000);
  const took = seconds < 60 ? `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s` : formatEta(seconds)!.replace(" left", "");
  return `${formatBytes(bytes)} in ${took} · ${formatSpeed(bytes / seconds)}`;
}
