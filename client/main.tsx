// Entry point: one engine, one store fed by it, one app reading the store.
import { render } from "solid-js/web";
import { createEngine } from "./engine/engine";
import { createFerryStore } from "./state/store";
import { App } from "./ui/App";
import "./ui/styles/base.css";
import "./ui/styles/header.css";
import "./ui/styles/peers.css";
import "./ui/styles/activity.css";
import "./ui/styles/layers.css";

const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
const engine = createEngine({ wsUrl });
const store = createFerryStore(engine);

const root = document.getElementById("app");
if (!root) throw new Error("index.html lacks #app");
render(() => <App store={store} />, root);
engine.start();
