// Beside this device's name: pair a device, and join a room (showing the room I am in).
import { t } from "../i18n";
import { formatRoomCode } from "./format";

export function DeviceButtons(props: { room: string | null; onPair: () => void; onRoom: () => void }) {
  return (
    <div class="device-buttons">
      <button type="button" class="button button--compact" data-testid="pair" onClick={() => props.onPair()}>
        {t().pair.open}
      </button>
      <button type="button" class="button button--compact" classList={{ "button--primary": props.room !== null }} data-testid="room-join" onClick={() => props.onRoom()}>
        {props.room ? t().room.chip(formatRoomCode(props.room)) : t().room.open}
      </button>
    </div>
  );
}
