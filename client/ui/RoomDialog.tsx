// "Join a room": create one or enter a code; inside one, its code and QR link to share, and a way out.
import { Show, createResource } from "solid-js";
import { t } from "../i18n";
import { formatRoomCode } from "./format";
import { CodeForm } from "./CodeForm";
import { hashLink } from "./hash-links";
import { linkBase } from "./lan-url";
import { QrCode } from "./QrCode";
import { Sheet } from "./Sheet";

export function RoomDialog(props: { room: string | null; onCreate: () => void; onJoin: (code: string) => void; onLeave: () => void; onClose: () => void }) {
  const [base] = createResource(linkBase);
  return (
    <Sheet id="room-title" title={t().room.title} testid="room-dialog" onClose={props.onClose}>
      <div class="pairing">
        <p class="pairing__intro">{t().room.intro}</p>
        <Show
          when={props.room}
          fallback={
            <>
              <button type="button" class="button button--primary" data-testid="room-create" onClick={() => props.onCreate()}>
                {t().room.create}
              </button>
              <CodeForm label={t().room.enterLabel} placeholder="ABCD-EFGH" submit={t().room.submit} inputTestid="room-code-input" submitTestid="room-code-submit" onSubmit={props.onJoin} />
            </>
          }
        >
          {(code) => (
            <div class="pairing__mine">
              <Show when={base()}>{(b) => <QrCode text={hashLink(b(), { kind: "room", code: code() })} label={t().room.qrLabel} />}</Show>
              <div>
                <p>{t().room.share}</p>
                <p class="pairing__code" data-testid="room-code" data-code={code()}>
                  {formatRoomCode(code())}
                </p>
                <button type="button" class="button button--compact" data-testid="room-leave" onClick={() => props.onLeave()}>
                  {t().room.leave}
                </button>
              </div>
            </div>
          )}
        </Show>
      </div>
    </Sheet>
  );
}
