"use client";
// The wall display: the farm's printers as large cards, grouped by location, paging through the
// groups when they do not fit. Read-only: no links, no buttons, no navigation.
import { useMemo } from "react";
import type { WallPrinter } from "@printernizer/farm/live/wall-rows";
import { formatClock } from "@printernizer/ui/format";
import { useClientNow } from "~/app/_lib/use-now";
import { useAutoScroll } from "./use-auto-scroll";
import { wallGroups } from "./wall-groups";
import { useWallLive } from "./use-wall-live";
import { WallCard, wallBadgeState } from "./wall-card";

function Summary({ printers }: { printers: WallPrinter[] }) {
  const count = (test: (p: WallPrinter) => boolean) => printers.filter(test).length;
  const printing = count((p) => wallBadgeState(p) === "printing");
  const problems = count((p) => ["error", "offline"].includes(wallBadgeState(p)) || p.errors.length > 0);
  const plates = count((p) => !!p.awaitingPlateClearSince && p.state !== "disabled");
  return (
    <p className="flex flex-wrap gap-x-5 text-lg" data-testid="wall-summary">
      <span>{printing} printing</span>
      <span>{problems} need attention</span>
      <span>{plates} plates waiting</span>
    </p>
  );
}

export function WallView({ token }: { token: string }) {
  const wall = useWallLive(token);
  const now = useClientNow(15_000);
  const scroll = useAutoScroll(12_000);
  const groups = useMemo(() => (wall.status === "ready" ? wallGroups(wall.printers) : []), [wall]);
  if (wall.status === "refused")
    return (
      <main className="mx-auto flex min-h-screen max-w-xl items-center p-6">
        <p className="text-xl" data-testid="wall-not-valid" role="alert">
          {wall.message}
        </p>
      </main>
    );
  return (
    <main
      ref={scroll.ref}
      {...scroll.handlers}
      className="min-h-screen space-y-6 p-6"
      data-testid="wall"
      data-paused={scroll.paused}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-3xl font-semibold">{wall.status === "ready" ? wall.name : "Wall display"}</h1>
        {wall.status === "ready" ? <Summary printers={wall.printers} /> : null}
        <p className="text-lg tabular-nums" aria-live="polite" data-testid="wall-live">
          {wall.status === "ready" ? (wall.live ? "● Live" : "Reconnecting…") : "Loading…"}
          {now ? ` · ${formatClock(now, now)}` : ""}
        </p>
      </header>
      {wall.status === "ready" && !wall.printers.length ? <p className="text-xl">No printers yet.</p> : null}
      {groups.map((group) => (
        <section
          key={group.name}
          data-wall-group={group.name}
          aria-labelledby={`wall-group-${group.name}`}
          className="scroll-mt-4 space-y-3"
        >
          <h2 id={`wall-group-${group.name}`} className="text-2xl font-semibold">
            {group.name}
          </h2>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4">
            {group.printers.map((p) => (
              <WallCard key={p.id} printer={p} now={now} />
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}
