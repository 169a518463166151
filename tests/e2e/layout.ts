// Layout checks a screenshot alone cannot make: text that overflows its box or is clipped, and anything
// poking out of the viewport sideways. Run in the page; returns one line per problem.
import type { Page } from "@playwright/test";

export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute("data-testid");
      const cls = el.getAttribute("class");
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ""}${cls ? ` class="${cls}"` : ""}> "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    };
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    if (document.documentElement.scrollWidth > vw) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    for (const el of document.querySelectorAll("body *")) {
      // Parts meant to be unseen: screen-reader-only text, the invisible select over the language button.
      if (el.closest(".visually-hidden")) continue;
      const box = el.getBoundingClientRect();
      // 1 px boxes are the visually-hidden pattern (text for screen readers only), also used from media queries.
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) continue;
      if (box.left < -1 || box.right > vw + 1) problems.push(`outside the viewport (${Math.round(box.left)}–${Math.round(box.right)} of ${vw}): ${describe(el)}`);
      // What floats over the page (dialogs, prompts, toasts) cannot be scrolled to: it must fit the screen.
      if ((style.position === "fixed" || (el.tagName === "DIALOG" && el.hasAttribute("open"))) && (box.top < -1 || box.bottom > vh + 1))
        problems.push(`floats beyond the screen's height (${Math.round(box.top)}–${Math.round(box.bottom)} of ${vh}): ${describe(el)}`);
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
      if (!ownText || el.clientWidth === 0) continue;
      // Text wider or taller than its box: clipped when the box hides overflow, spilling over its neighbours otherwise.
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`text wider than its box (${el.scrollWidth} > ${el.clientWidth}): ${describe(el)}`);
      if (style.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1 && el.tagName !== "TEXTAREA")
        problems.push(`text taller than its box (${el.scrollHeight} > ${el.clientHeight}): ${describe(el)}`);
    }
    return problems;
  });
}
