// Renders the app's PNG icons from client/public/favicon.svg with Chromium, so they can be made again the same
// way when the logo changes: `bun scripts/icons.ts` (the PNGs are committed; the build only copies them).
//   icon-192.png, icon-512.png   the logo as drawn, transparent corners ("any")
//   maskable-512.png             full-bleed background, the logo's marks inside the central 80 % safe zone
//                                (a launcher may cut it to a circle or a squircle)
//   apple-touch-icon.png         180 px, opaque (iOS draws its own rounded corners)
import { chromium } from "@playwright/test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const OUT = join(ROOT, "client/public/icons");
const svg = readFileSync(join(ROOT, "client/public/favicon.svg"), "utf8");
const background = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1];
const marks = svg.replace(/<svg[^>]*>|<\/svg>|<rect[^>]*\/>/g, "").trim();
if (!background || !marks) throw new Error("favicon.svg changed shape: expected a background <rect> and the marks after it");

/** The marks scaled about the centre, on a square background without rounded corners. */
const fullBleed = (scale: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background}"/>` +
  `<g transform="translate(32 32) scale(${scale}) translate(-32 -32)">${marks}</g></svg>`;

const icons: { file: string; size: number; svg: string; transparent: boolean }[] = [
  { file: "icon-192.png", size: 192, svg, transparent: true },
  { file: "icon-512.png", size: 512, svg, transparent: true },
  // The marks reach 27 of 32 units from the centre; 0.85 brings them within the safe zone's radius (40 %).
  { file: "maskable-512.png", size: 512, svg: fullBleed(0.85), transparent: false },
  { file: "apple-touch-icon.png", size: 180, svg: fullBleed(0.9), transparent: false },
];

const browser = await chromium.launch({ executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined, args: ["--no-sandbox", "--disable-gpu"] });
try {
  mkdirSync(OUT, { recursive: true });
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString("base64")}`;
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${icon.size}" height="${icon.size}">`);
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: join(OUT, icon.file), omitBackground: icon.transparent });
    await page.close();
    console.log(`wrote client/public/icons/${icon.file} (${icon.size} px)`);
  }
} finally {
  await browser.close();
}
