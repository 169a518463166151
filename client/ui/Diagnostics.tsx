// "Can't see your device?": what this page knows of its connections, the causes diagnose() finds in them, the
// usual reasons, and the way out (pairing, rooms). Words come from i18n; the judging is the engine's.
import { For, Show, createMemo, createSignal, onCleanup, onMount } from "solid-js";
import { diagnose, type CandidateType } from "../engine/diagnostics";
import { t } from "../i18n";
import type { FerryState } from "../state/store";
import { Sheet } from "./Sheet";
import { Isolated } from "./Isolated";

/** Whether the browser says this device is on mobile data (Network Information API: Chromium on Android). */
const onCellular = () => (navigator as Navigator & { connection?: { type?: string } }).connection?.type === "cellular";

function useOnline() {
  const [online, setOnline] = createSignal(navigator.onLine);
  onMount(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    onCleanup(() => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    });
  });
  return online;
}

export function DiagnosticsPanel(props: { state: FerryState; onPair: () => void; onRoom: () => void; onClose: () => void }) {
  const online = useOnline();
  const connection = () => props.state.connection;
  const up = () => props.state.status === "online";
  const causes = createMemo(() =>
    diagnose({
      ...connection(),
      signaling: props.state.status,
      peers: props.state.peers.length,
      room: props.state.room,
      pairedAway: props.state.paired.filter((p) => !props.state.peers.some((peer) => peer.id === p.id)).length,
      online: online(),
      cellular: onCellular(),
    }),
  );
  const types = (list: CandidateType[]) => (list.length > 0 ? list.map((c) => t().diagnostics.candidate[c]).join(", ") : t().diagnostics.noCandidates);
  let close: () => void = () => props.onClose();
  const thenClose = (action: () => void) => () => {
    close();
    action();
  };
  return (
    <Sheet id="diagnostics-title" title={t().diagnostics.title} testid="diagnostics-panel" onClose={props.onClose} closer={(c) => (close = c)}>
      <div class="diagnostics">
        <section aria-labelledby="diagnostics-likely">
          <h3 id="diagnostics-likely" class="diagnostics__heading">
            {t().diagnostics.likely}
          </h3>
          <Show when={causes().length > 0} fallback={<p data-testid="diagnostics-cause" data-cause="none">{t().diagnostics.fine}</p>}>
            <ul class="diagnostics__causes">
              <For each={causes()}>
                {(cause) => (
                  <li data-testid="diagnostics-cause" data-cause={cause}>
                    {t().diagnostics.cause[cause]}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
        <section aria-labelledby="diagnostics-knows">
          <h3 id="diagnostics-knows" class="diagnostics__heading">
            {t().diagnostics.knows}
          </h3>
          <ul class="diagnostics__facts">
            <li data-testid="diagnostics-fact" data-fact="server" data-value={up() ? "online" : "down"}>
              {up() ? t().diagnostics.server.online : t().diagnostics.server.down}
            </li>
            <Show when={up() && connection().network} fallback={<li data-testid="diagnostics-fact" data-fact="network" data-value="unknown">{t().diagnostics.networkUnknown}</li>}>
              {(network) => (
                <>
                  <li data-testid="diagnostics-fact" data-fact="network" data-value={network().tag}>
                    {network().kind === "local" ? t().diagnostics.networkLocal : t().diagnostics.networkPublic(network().tag)}
                  </li>
                  <li data-testid="diagnostics-fact" data-fact="family" data-value={network().family}>
                    {t().diagnostics.family[network().family]}
                  </li>
                  <li data-testid="diagnostics-fact" data-fact="relay" data-value={connection().relay ? "on" : "off"}>
                    {connection().relay ? t().diagnostics.relay.on : t().diagnostics.relay.off}
                  </li>
                </>
              )}
            </Show>
            <Show when={connection().lastAttempt} fallback={<li data-testid="diagnostics-fact" data-fact="attempt" data-value="none">{t().diagnostics.noAttempt}</li>}>
              {(a) => (
                <li data-testid="diagnostics-fact" data-fact="attempt" data-value={a().outcome} data-ice={a().ice}>
                  <Isolated text={t().diagnostics.attempt(a().peerName, t().diagnostics.outcome[a().outcome], a().ice)} names={[a().peerName]} />
                  <span class="diagnostics__tried">{t().diagnostics.tried(types(a().local), types(a().remote))}</span>
                </li>
              )}
            </Show>
          </ul>
        </section>
        <section aria-labelledby="diagnostics-usual">
          <h3 id="diagnostics-usual" class="diagnostics__heading">
            {t().diagnostics.usual}
          </h3>
          <ul class="diagnostics__usual">
            <For each={t().diagnostics.usualList}>{(reason) => <li>{reason}</li>}</For>
          </ul>
        </section>
        <section aria-labelledby="diagnostics-way-out">
          <h3 id="diagnostics-way-out" class="diagnostics__heading">
            {t().diagnostics.wayOut}
          </h3>
          <p>{t().diagnostics.wayOutText}</p>
          <div class="diagnostics__actions">
            <button type="button" class="button" data-testid="diagnostics-pair" onClick={thenClose(props.onPair)}>
              {t().diagnostics.pair}
            </button>
            <button type="button" class="button" data-testid="diagnostics-room" onClick={thenClose(props.onRoom)}>
              {t().diagnostics.room}
            </button>
          </div>
        </section>
      </div>
    </Sheet>
  );
}
