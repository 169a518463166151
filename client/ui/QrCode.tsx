// A QR code as one SVG path, dark on white whatever the theme (scanners want contrast and a quiet zone).
import { createMemo } from "solid-js";
import { encodeQr } from "./qr";

const QUIET = 4;

export function QrCode(props: { text: string; label: string }) {
  const matrix = createMemo(() => encodeQr(props.text));
  const path = createMemo(() =>
    matrix()
      .flatMap((row, y) => row.map((dark, x) => (dark ? `M${x + QUIET} ${y + QUIET}h1v1h-1z` : "")))
      .join(""),
  );
  const side = () => matrix().length + QUIET * 2;
  return (
    <svg class="qr" viewBox={`0 0 ${side()} ${side()}`} role="img" aria-label={props.label} shape-rendering="crispEdges">
      <rect width={side()} height={side()} fill="#fff" />
      <path d={path()} fill="#000" />
    </svg>
  );
}
