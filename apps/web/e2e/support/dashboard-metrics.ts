// The dashboard measured in a real browser (issue 16): navigation start → first printer card or
// table row visible, → the state counters adding up to the whole farm; long tasks (> 50 ms, the
// browser's 'longtask' entries) while live updates stream; the JS heap; scrolling the table from
// top to bottom. Shared by the e2e smoke (200 printers) and the bench's measurement (2,000).
// It reports figures and never judges them: callers assert only that the page works.
import type { Page } from "@playwright/test";
import { partitionCounters, targets, type LongTaskFigures, type ViewFigures } from "./dashboard-figures";

interface Probe {
  longTasks: Array<{ start: number; duration: number }>;
  stateChanges: number;
  /** performance.now() of the first animation frame showing a card or row, and counters adding up to the farm. */
  firstItemAt?: number;
  countersAt?: number;
  counters: Record<string, number>;
}
declare global {
  interface Window {
    __dashboardProbe?: Probe;
  }
}

/**
 * Before any navigation: records every long task and every data-state change from the page's
 * start, and on each animation frame (until both are seen) whether a card or row is laid out and
 * whether the counters add up to `printers`: in the page, so no round trip to the test delays it.
 */
export async function installDashboardProbes(page: Page, o: { printers: number }): Promise<void> {
  await page.addInitScript(
    ({ total, states }) => {
      const probe: Probe = { longTasks: [], stateChanges: 0, counters: {} };
      window.__dashboardProbe = probe;
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            probe.longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: "longtask", buffered: true });
      } catch {
        // no longtask support: the figures say 0 tasks, and the caller's browser is Chromium
      }
      const watch = () =>
        new MutationObserver((records) => {
          probe.stateChanges += records.length;
        }).observe(document.documentElement, {
          subtree: true,
          attributes: true,
          attributeFilter: ["data-state"],
        });
      if (document.documentElement) watch();
      else document.addEventListener("DOMContentLoaded", watch);
      const frame = () => {
        const now = performance.now();
        if (probe.firstItemAt === undefined) {
          const box = document
            .querySelector('[data-testid="farm-row"], [data-testid="printer-card"]')
            ?.getBoundingClientRect();
          if (box && box.width > 0 && box.height > 0) probe.firstItemAt = now;
        }
        if (probe.countersAt === undefined) {
          let sum = 0;
          for (const state of states) {
            const text = document.querySelector(`[data-testid="counter-${state}"]`)?.textContent ?? "";
            probe.counters[state] = Number((text.match(/[\d,]+(?=\D*$)/)?.[0] ?? "0").replace(/,/g, ""));
            sum += probe.counters[state];
          }
          if (sum === total) probe.countersAt = now;
        }
        if (probe.firstItemAt === undefined || probe.countersAt === undefined) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    },
    { total: o.printers, states: [...partitionCounters] },
  );
}

/** Page errors and console errors: the page does not work if there are any. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const url = message.location().url;
    // The app has no favicon (a 404 the browser asks for by itself, not the page's doing).
    if (message.type() === "error" && !url.endsWith("/favicon.ico"))
      errors.push(`console error: ${message.text()}${url ? ` (${url})` : ""}`);
  });
  return errors;
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskFigures> {
  const tasks = await page.evaluate(
    ([a, b]) => (window.__dashboardProbe?.longTasks ?? []).filter((t) => t.start >= a && t.start < b),
    [from, to] as const,
  );
  return {
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    longTasks: tasks.length,
    longTasksOver200: tasks.filter((t) => t.duration > targets.longTaskMs).length,
  };
}

async function heapMiB(page: Page): Promise<{ used: number; afterGc: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Performance.enable");
    const read = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const used = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      return Math.round((used / 2 ** 20) * 10) / 10;
    };
    const used = await read();
    await cdp.send("HeapProfiler.collectGarbage");
    return { used, afterGc: await read() };
  } finally {
    await cdp.detach();
  }
}

/**
 * Opens the dashboard in `view` and measures it; `stream` runs while updates stream (the caller
 * makes the changes). Resolves null when the build has no such view (the table before it exists).
 */
export async function measureView(
  page: Page,
  o: { view: "cards" | "table"; printers: number; streamSeconds: number; timeoutMs: number },
): Promise<ViewFigures | null> {
  await page.goto(o.view === "table" ? "/?view=table" : "/", { waitUntil: "commit" });
  const shown = await page
    .waitForFunction(
      () => {
        const p = window.__dashboardProbe;
        return p?.firstItemAt !== undefined && p.countersAt !== undefined;
      },
      undefined,
      { polling: 100, timeout: o.timeoutMs },
    )
    .then(
      () => true,
      () => false,
    );
  const probe = await page.evaluate(() => window.__dashboardProbe);
  if (!shown || !probe)
    throw new Error(
      `the ${o.view} view did not show a printer and counters adding up to ${o.printers} within ${o.timeoutMs / 1000} s (a printer shown: ${probe?.firstItemAt !== undefined}; counters: ${JSON.stringify(probe?.counters ?? {})})`,
    );
  if (o.view === "table" && (await page.getByTestId("farm-table").count()) === 0) return null;
  const firstItemMs = probe.firstItemAt!;
  const countersTotalMs = probe.countersAt!;
  const counters = probe.counters;
  const load = await longTasksBetween(page, 0, Math.max(firstItemMs, countersTotalMs));

  const streamStart = await page.evaluate(() => ({
    at: performance.now(),
    changes: window.__dashboardProbe?.stateChanges ?? 0,
  }));
  await page.waitForTimeout(o.streamSeconds * 1000);
  const streamEnd = await page.evaluate(() => ({
    at: performance.now(),
    changes: window.__dashboardProbe?.stateChanges ?? 0,
  }));
  const stream = {
    seconds: o.streamSeconds,
    stateChangesRendered: streamEnd.changes - streamStart.changes,
    ...(await longTasksBetween(page, streamStart.at, streamEnd.at)),
  };
  const scroll = o.view === "table" ? await scrollTable(page) : undefined;
  const heap = await heapMiB(page);
  return {
    view: o.view,
    printers: o.printers,
    firstItemMs: Math.round(firstItemMs),
    countersTotalMs: Math.round(countersTotalMs),
    counters,
    load,
    stream,
    heapUsedMiB: heap.used,
    heapAfterGcMiB: heap.afterGc,
    ...(scroll ? { scroll } : {}),
  };
}

/** Scrolls the table's scroll container (or the page) from top to bottom, a screen at a time. */
export async function scrollTable(
  page: Page,
): Promise<NonNullable<ViewFigures["scroll"]> & { idsSeen: string[] }> {
  const run = await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const table = document.querySelector('[data-testid="farm-table"]')!;
    let scroller: Element = document.scrollingElement ?? document.documentElement;
    for (let el: Element | null = table; el; el = el.parentElement) {
      const overflow = getComputedStyle(el).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && el.scrollHeight > el.clientHeight + 1) {
        scroller = el;
        break;
      }
    }
    const screen = scroller === document.scrollingElement ? window.innerHeight : scroller.clientHeight;
    const ids = new Set<string>();
    const collect = () =>
      document.querySelectorAll('[data-testid="farm-row"]').forEach((row) => {
        const id = row.getAttribute("data-printer-id");
        if (id) ids.add(id);
      });
    scroller.scrollTop = 0;
    await frame();
    collect();
    const start = performance.now();
    let last = start;
    let longestFrame = 0;
    let steps = 0;
    while (scroller.scrollTop + screen < scroller.scrollHeight - 1 && steps < 100_000) {
      scroller.scrollTop += Math.max(1, Math.floor(screen * 0.9));
      await frame();
      const now = performance.now();
      longestFrame = Math.max(longestFrame, now - last);
      last = now;
      steps++;
      collect();
    }
    return { start, end: performance.now(), steps, longestFrame, ids: [...ids] };
  });
  return {
    ms: Math.round(run.end - run.start),
    steps: run.steps,
    rowsSeen: run.ids.length,
    longestFrameMs: Math.round(run.longestFrame),
    idsSeen: run.ids,
    ...(await longTasksBetween(page, run.start, run.end)),
  };
}
