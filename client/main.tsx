// Entry point: one engine, one store fed by it, one app reading the store.
import { render } from "solid-js/web";
import { createEngine } from "./engine/engine";
import { sweepStored } from "./engine/intake";
import { applyLang } from "./i18n";
import { createFerryStore } from "./state/store";
import { App } from "./ui/App";
import { registerServiceWorker } from "./ui/service-worker";
import "./ui/styles/base.css";
import "./ui/styles/header.css";
import "./ui/styles/peers.css";
import "./ui/styles/activity.css";
import "./ui/styles/layers.css";
import "./ui/styles/send-to.css";
import "./ui/styles/identity.css";

const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
const engine = createEngine({ wsUrl });
const store = createFerryStore(engine);

applyLang();
const root = document.getElementById("app");
if (!root) throw new Error("index.html lacks #app");
render(() => <App store={store} />, root);
engine.start();
registerServiceWorker();
// What closed tabs left in origin-private storage goes now, not when a transfer next comes (storage-bounds.ts).
void sweepStored();
// A phone that unlocks, a tab that thaws or a network that returns should not wait out a backoff timer.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") engine.wake();
});
window.addEventListener("online", () => engine.wake());
window.addEventListener("pageshow", () => engine.wake());
