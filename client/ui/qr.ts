// QR codes come from uqr (unjs; Project Nayuki's encoder in TypeScript, no dependencies). Level M survives a
// smudged or glaring screen; the quiet zone is drawn by QrCode.tsx, so the matrix has no border.
import { encode } from "uqr";

/** A square of modules, row by row; true is dark. */
export type QrMatrix = boolean[][];

export function encodeQr(text: string): QrMatrix {
  return encode(text, { ecc: "M", border: 0 }).data;
}
