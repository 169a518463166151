// Accessibility checks run inside the page: axe-core's rules (serious and critical findings fail), and the
// 44 px touch-target size the design asks for, which axe's WCAG 2.2 rule (24 px) does not check.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's serious and critical violations, one line each with where they are. */
export async function axeProblems(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which would refuse an injected <script>.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`));
  });
}

/** Controls smaller than 44 × 44 px (links inside running text are exempt, as WCAG exempts them). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll("button, select, summary, input:not([type=file]), textarea, a[href]");
    const small: string[] = [];
    for (const el of controls) {
      if (el.closest(".visually-hidden") || (el.tagName === "A" && el.closest("p"))) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      // A control drawn invisibly over a bigger one (the language select), or inside its label, counts as that one.
      const target = (Number(style.opacity) === 0 && el.parentElement) || el.closest("label") || el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < 44 - 0.5 || box.height < 44 - 0.5) {
        const name = el.getAttribute("aria-label") ?? el.getAttribute("data-testid") ?? (el.textContent ?? "").trim().slice(0, 30);
        small.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> "${name}" is ${Math.round(box.width)} × ${Math.round(box.height)}`);
      }
    }
    return small;
  });
}
