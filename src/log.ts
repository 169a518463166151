// One line per event on stdout, filtered by level. Quiet (warn) by default.
import type { LogLevel } from "./config";

export type Logger = Record<LogLevel, (msg: string) => void>;

const ORDER: LogLevel[] = ["error", "warn", "info", "debug"];

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => console.log(l)): Logger {
  const max = ORDER.indexOf(level);
  const at = (l: LogLevel) => (msg: string) => {
    if (ORDER.indexOf(l) <= max) write(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${msg}`);
  };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}
