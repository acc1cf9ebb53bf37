"use client";
// Optional desktop notifications for the signed-in person, in this browser only (the choice lives
// in localStorage): once switched on and allowed, finished and failed jobs, printer errors and
// offline printers from the live event stream appear as system notifications, while a tab is open.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@printernizer/ui/button";
import { useTRPC } from "~/trpc/react";
import { eventSentence } from "../events/event-sentence";

const storageKey = "printernizer.browserNotifications";
const changed = "printernizer:browser-notifications";
export const browserNotificationTypes = ["job_completed", "job_failed", "printer_error", "printer_offline"];

function subscribe(onChange: () => void) {
  window.addEventListener(changed, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(changed, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** "on" only when chosen here and the browser allows it. */
function useEnabled(): boolean {
  return useSyncExternalStore(
    subscribe,
    () =>
      typeof Notification !== "undefined" &&
      Notification.permission === "granted" &&
      window.localStorage.getItem(storageKey) === "on",
    () => false,
  );
}

/** The switch (events page): asks the browser's permission the first time. */
export function BrowserNotificationsToggle() {
  const enabled = useEnabled();
  const [problem, setProblem] = useState<string | null>(null);
  const supported = useSyncExternalStore(
    subscribe,
    () => typeof Notification !== "undefined",
    () => true,
  );
  async function toggle() {
    setProblem(null);
    if (enabled) window.localStorage.setItem(storageKey, "off");
    else {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setProblem(
          "The browser did not allow notifications. Allow them for this site in its settings, then try again.",
        );
        return;
      }
      window.localStorage.setItem(storageKey, "on");
    }
    window.dispatchEvent(new Event(changed));
  }
  if (!supported) return <p className="text-sm text-muted">This browser cannot show notifications.</p>;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" aria-pressed={enabled} onClick={() => void toggle()}>
        {enabled ? "Browser notifications: on" : "Browser notifications: off"}
      </Button>
      <span className="text-sm text-muted">
        Finished and failed jobs, printer errors and offline printers.
      </span>
      {problem ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** Mounted on every page; does nothing unless switched on. */
export function BrowserNotifier() {
  return useEnabled() ? <Notifier /> : null;
}

function Notifier() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const newest = useRef<bigint | null>(null);
  const check = useCallback(async () => {
    const page = await queryClient.fetchQuery({
      ...trpc.events.list.queryOptions({ types: browserNotificationTypes, limit: 20 }),
      staleTime: 0,
    });
    const fresh = page.items.filter((e) => newest.current !== null && BigInt(e.id) > newest.current);
    const top = page.items[0];
    if (top && (newest.current === null || BigInt(top.id) > newest.current)) newest.current = BigInt(top.id);
    for (const event of fresh.reverse())
      new Notification(`Printernizer: ${event.printerName ?? "farm"}`, {
        body: eventSentence(event),
        tag: `printernizer-${event.id}`,
      });
  }, [queryClient, trpc]);
  const { status, reset } = useSubscription(
    trpc.events.live.subscriptionOptions(undefined, { onData: () => void check().catch(() => {}) }),
  );
  useEffect(() => {
    if (status === "pending") void check().catch(() => {});
    if (status !== "error" && status !== "idle") return;
    const timer = setTimeout(reset, 5_000);
    return () => clearTimeout(timer);
  }, [status, reset, check]);
  return null;
}
