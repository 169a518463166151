// One transfer's state and its published snapshot (TransferView), with progress throttled for the UI.
import { isFinished, type EndReason, type FileMeta, type ReceivedFile, type TransferState, type TransferView } from "./types";
import { Progress } from "./progress";
import type { IncomingFiles } from "./incoming";
import type { DigestList } from "./block-digest";
import type { PeerLink } from "./peer-link";
import type { ResumeRequest } from "./peer-protocol";
import type { SentFile } from "./sent-records";

// Each snapshot re-renders progress in both pages; twice a second reads smoothly and costs the transfer little CPU.
const PUBLISH_EVERY_MS = 500;
/** Ends that say nothing against the same offer working later: the path, the server or the peer's page was away. */
const RETRYABLE = new Set<EndReason["code"]>(["no-path", "server-lost", "link-lost", "peer-left", "peer-busy", "expired"]);

export class Transfer {
  readonly view: TransferView;
  /** The files to send (send side). */
  outgoing: File[] | null = null;
  /** The receiving end (receive side, once accepted). */
  incoming: IncomingFiles | null = null;
  /** Send side: each file's block digests as read, so a resume can check the receiver's blocks against them. */
  sentDigests: DigestList[] = [];
  /** Paused because its link stalled (it may recover and go on); false once that link closed. */
  stalled = false;
  /** Send side, restored after a reload of this page: the files as recorded (sent-records.ts). */
  recorded: SentFile[] | null = null;
  /** Send side, while its files are not picked again: the receiver's last `resume`, answered once they are. */
  resumeAsked: ResumeRequest | null = null;
  /** Receive side: a resume record keeps it for a reload of this page (kept.ts). */
  kept = false;
  /** Receive side: the link a resume was last asked on (once per link). */
  resumedOn: PeerLink | null = null;
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
    tree: { dirs: string[]; renamed: number } = { dirs: [], renamed: 0 },
  ) {
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
    this.view = { id, peerId, peerName, direction, files: Object.freeze(files) as FileMeta[], dirs: tree.dirs, renamed: tree.renamed, autoSave: false, savedTo: null, totalBytes, bytesDone: 0, state: "offered", reason: null, bytesPerSecond: 0, secondsLeft: null, received: [], expiresAt: null, repick: null, retryable: false, createdAt: Date.now(), startedAt: null, finishedAt: null };
    this.progress = new Progress(totalBytes);
  }

  get finished() {
    return isFinished(this.view.state);
  }

  setState(state: TransferState) {
    this.view.state = state;
    if (state !== "paused") (this.view.expiresAt = null), (this.view.repick = null);
    if (state === "active") this.view.startedAt ??= Date.now();
    this.publish();
  }

  /** Called for every chunk: only counts, and the speed is sampled when a snapshot is published. */
  setBytes(total: number) {
    this.view.bytesDone = total;
    if (!this.publishTimer) this.publishSoon();
  }

  addBytes(n: number) {
    this.setBytes(this.view.bytesDone + n);
  }

  addReceived(file: ReceivedFile) {
    // In place: each snapshot copies it (publish), so thousands of files do not cost a copy each.
    this.view.received.push(file);
    // A folder of small files finishes hundreds a second: show them at the publishing pace, the last at once.
    if (this.view.received.length === this.view.files.length) this.publish();
    else this.publishSoon();
  }

  /** Move to a final state once; later calls are ignored so the first reason wins. */
  end(state: "done" | "declined" | "cancelled" | "failed", reason: EndReason | null) {
    if (this.finished) return;
    this.view.state = state;
    this.view.reason = reason;
    this.view.secondsLeft = null;
    this.view.repick = null;
    // A send whose files this page still has, ended by something that may be over by now.
    this.view.retryable = state === "failed" && !!reason && RETRYABLE.has(reason.code) && this.view.direction === "send" && !!this.outgoing && !this.recorded;
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
    if (this.view.state === "active") this.progress.update(this.view.bytesDone, this.lastPublish);
    this.view.bytesPerSecond = this.progress.bytesPerSecond();
    if (!this.finished) this.view.secondsLeft = this.progress.secondsLeft();
    // `files` never changes: passing the same array lets the store skip comparing thousands of rows.
    this.onChange({ ...this.view, received: [...this.view.received] });
  }

  private publishSoon() {
    if (this.publishTimer) return;
    const wait = Math.max(0, PUBLISH_EVERY_MS - (Date.now() - this.lastPublish));
    this.publishTimer = setTimeout(() => this.publish(), wait);
  }
}
