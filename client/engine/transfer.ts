// One transfer's state and its published snapshot (TransferView), with progress throttled for the UI.
import type { FileMeta, ReceivedFile, TransferState, TransferView } from "./types";
import { Progress } from "./progress";
import type { IncomingFiles } from "./incoming";

// Each snapshot re-renders progress in both pages; twice a second reads smoothly and costs the transfer little CPU.
const PUBLISH_EVERY_MS = 500;

export class Transfer {
  readonly view: TransferView;
  /** The files to send (send side). */
  outgoing: File[] | null = null;
  /** The receiving end (receive side, once accepted). */
  incoming: IncomingFiles | null = null;
  private progress: Progress;
  private lastPublish = 0;
  private publishTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: string,
    peerId: string,
    peerName: string,
    direction: "send" | "receive",
    files: FileMeta[],
    private onChange: (view: TransferView) => void,
  ) {
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
    this.view = { id, peerId, peerName, direction, files, totalBytes, bytesDone: 0, state: "offered", reason: null, bytesPerSecond: 0, secondsLeft: null, received: [], createdAt: Date.now(), startedAt: null, finishedAt: null };
    this.progress = new Progress(totalBytes);
  }

  get finished() {
    return ["done", "declined", "cancelled", "failed"].includes(this.view.state);
  }

  setState(state: TransferState) {
    this.view.state = state;
    if (state === "active") {
      this.view.startedAt ??= Date.now();
      this.progress.update(this.view.bytesDone);
    }
    this.publish();
  }

  setBytes(total: number) {
    this.view.bytesDone = total;
    this.progress.update(total);
    this.publishSoon();
  }

  addBytes(n: number) {
    this.setBytes(this.view.bytesDone + n);
  }

  addReceived(file: ReceivedFile) {
    this.view.received = [...this.view.received, file];
    this.publish();
  }

  /** Move to a final state once; later calls are ignored so the first reason wins. */
  end(state: "done" | "declined" | "cancelled" | "failed", reason: string | null) {
    if (this.finished) return;
    this.view.state = state;
    this.view.reason = reason;
    this.view.secondsLeft = null;
    this.view.finishedAt = Date.now();
    if (state !== "done") void this.incoming?.abort();
    this.publish();
  }

  /** Free object URLs and stored bytes once the person dismissed the transfer. */
  release() {
    for (const f of this.view.received) URL.revokeObjectURL(f.url);
    void this.incoming?.release();
  }

  publish() {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    this.lastPublish = Date.now();
    this.view.bytesPerSecond = this.progress.bytesPerSecond();
    if (!this.finished) this.view.secondsLeft = this.progress.secondsLeft();
    this.onChange({ ...this.view, files: [...this.view.files], received: [...this.view.received] });
  }

  private publishSoon() {
    if (this.publishTimer) return;
    const wait = Math.max(0, PUBLISH_EVERY_MS - (Date.now() - this.lastPublish));
    this.publishTimer = setTimeout(() => this.publish(), wait);
  }
}
