// Accessibility check for e2e specs: axe-core (bundled in the npm package and injected into the page,
// so it runs offline) against WCAG 2.0 A/AA and 2.1 A/AA. Serious and critical violations fail the
// test with what, how bad, where and how to fix; moderate and minor ones are printed as warnings.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const failingImpacts = new Set(["serious", "critical"]);
const targetsShown = 3;

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describe(violation: Violation): string {
  const targets = violation.nodes
    .slice(0, targetsShown)
    .map((node) => node.target.map(String).join(" "))
    .join(" | ");
  const more =
    violation.nodes.length > targetsShown ? ` (+${violation.nodes.length - targetsShown} more)` : "";
  // e.g. "Element has insufficient color contrast of 3.49 (foreground color: …)"
  const detail = violation.nodes[0]?.any[0]?.message ?? violation.nodes[0]?.all[0]?.message;
  const why = detail ? ` (${detail})` : "";
  return `${violation.id} [${violation.impact ?? "unknown"}] ${violation.help}: ${targets}${more}${why}`;
}

/** Runs axe on the page as it is now; fails on serious or critical WCAG A/AA violations. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  // legacy mode: axe.run inside the page, no extra blank page per check (about a second less per
  // page); the one thing it leaves out is cross-origin iframes, which the app has none of
  const results = await new AxeBuilder({ page }).withTags(wcagTags).setLegacyMode().analyze();
  const serious = results.violations.filter((v) => failingImpacts.has(v.impact ?? ""));
  const lesser = results.violations.filter((v) => !failingImpacts.has(v.impact ?? ""));
  for (const violation of lesser) console.warn(`a11y warning on ${label}: ${describe(violation)}`);
  expect(serious.map(describe), `serious accessibility violations on ${label}`).toEqual([]);
}
