// Transfers accepted without asking (a paired device the person lets save) are saved once, when done.
import { createEffect } from "solid-js";
import type { TransferView } from "../engine/types";
import { saveWithoutAsking } from "./save-files";

export function saveAutoSavedWhenDone(transfers: () => TransferView[]) {
  const saved = new Set<string>();
  createEffect(() => {
    for (const t of transfers()) {
      if (!t.autoSave || t.state !== "done" || saved.has(t.id)) continue;
      saved.add(t.id);
      saveWithoutAsking(t).catch((err) => console.warn("ferry: saving without asking failed", err));
    }
  });
}
