// Small choices this browser keeps between visits (language, a dismissed notice). Storage may be off (private
// modes, blocked cookies): then the choice lasts this visit, and the console says why.

export function recall(key: string): string | null {
  if (typeof localStorage === "undefined") return null; // outside a browser (unit tests)
  try {
    return localStorage.getItem(key);
  } catch (err) {
    console.info(`ferry: storage is off, so "${key}" is not remembered`, err);
    return null;
  }
}

export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch (err) {
    console.info(`ferry: storage is off, so "${key}" lasts only this visit`, err);
  }
}

export function forget(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch (err) {
    console.info(`ferry: storage is off, so "${key}" cannot be forgotten`, err);
  }
}
