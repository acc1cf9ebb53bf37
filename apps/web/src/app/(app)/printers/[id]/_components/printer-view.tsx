"use client";

// The printer page: live status and controls on top, then job, temperatures, filament,
// errors, the temperature history, the printer's files, jobs and events.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { printerKindLabel, printerKindMetadata } from "@printernizer/printers/kinds";
import { reachabilityOf } from "@printernizer/farm/reachability";
import { formatAgo } from "@printernizer/ui/format";
import { OfflineNotice } from "@printernizer/ui/offline-notice";
import { StateBadge } from "@printernizer/ui/state-badge";
import { useClientNow } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";
import { PrinterReachabilityActions } from "~/app/(app)/_components/printer-reachability-actions";
import { LiveCameraPanel } from "~/app/(app)/_components/camera/live-camera";
import { FileBrowser } from "./file-browser";
import { PrinterControls } from "./printer-controls";
import { PrinterEvents, PrinterJobs } from "./printer-history";
import { PrinterStartPanel } from "./printer-start-panel";
import { CurrentJob, FilamentTrays, PrinterErrors, Temperatures } from "./printer-status-panel";
import { TemperaturePanel } from "./temperature-panel";
import { usePrinterLive } from "./use-printer-live";

export function PrinterView({
  printerId,
  canControl,
  isAdmin,
}: {
  printerId: string;
  canControl: boolean;
  isAdmin: boolean;
}) {
  const trpc = useTRPC();
  const { data: detail } = useSuspenseQuery(trpc.printer.get.queryOptions({ printerId }));
  const live = usePrinterLive(printerId);
  // null on the server and while hydrating: times are written in the reader's time zone (React #418 otherwise)
  const now = useClientNow(15_000);
  const { printer } = detail;
  const capabilities = printerKindMetadata(printer.kind)?.capabilities;
  const reachability = reachabilityOf(printer);
  const stale = !printer.connected && printer.state !== "disabled";

  if (live === "removed") {
    return (
      <p role="alert" className="text-sm">
        This printer was removed.{" "}
        <Link href="/" className="underline">
          Back to the dashboard
        </Link>
      </p>
    );
  }

  return (
    <div
      className="space-y-4"
      data-testid="printer-page"
      data-printer-id={printer.id}
      data-state={printer.state}
    >
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/" className="hover:underline">
          Dashboard
        </Link>{" "}
        / {printer.name}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <div className="flex items-center gap-2">
            <h1 className="text-xl font-semibold">{printer.name}</h1>
            <StateBadge state={printer.state} />
            <span
              className={`text-xs ${live === "live" ? "text-positive" : "text-caution"}`}
              data-testid="live-indicator"
              data-live={live}
              role="status"
            >
              {live === "live" ? "● Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
            </span>
          </div>
          <p className="text-sm text-muted">
            {printerKindLabel(printer.kind)}
            {printer.model ? ` ${printer.model}` : ""} · {printer.host}
            {detail.port ? `:${detail.port}` : ""}
            {detail.serial ? ` · serial ${detail.serial}` : ""}
            {detail.firmware ? ` · firmware ${detail.firmware}` : ""}
            {printer.rawState ? ` · reports ${printer.rawState}` : ""}
          </p>
          <p className="text-xs text-muted" suppressHydrationWarning>
            {printer.connected ? "Connected" : "Not connected"}
            {printer.lastCommunication && now
              ? `, last heard from ${formatAgo(printer.lastCommunication, now)}`
              : ""}
          </p>
        </div>
        {canControl && capabilities ? (
          <PrinterControls printer={printer} capabilities={capabilities} />
        ) : null}
      </header>
      {reachability ? (
        <section aria-label="Connection" className="space-y-2">
          <OfflineNotice notice={reachability} now={now} className="text-sm" />
          <PrinterReachabilityActions
            printer={printer}
            reachability={reachability}
            canControl={canControl}
            isAdmin={isAdmin}
          />
        </section>
      ) : null}
      <PrinterStartPanel printer={printer} canControl={canControl} now={now} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <CurrentJob detail={detail} now={now} />
        <div className="space-y-4">
          <Temperatures detail={detail} stale={stale} now={now} />
          <FilamentTrays detail={detail} />
          <PrinterErrors detail={detail} />
        </div>
      </div>
      {capabilities && capabilities.camera !== "none" ? (
        <LiveCameraPanel printerId={printer.id} printerName={printer.name} />
      ) : null}
      <TemperaturePanel printer={printer} />
      {capabilities?.files ? (
        <FileBrowser printerId={printerId} canControl={canControl} canDownload={capabilities.download} />
      ) : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <PrinterJobs printerId={printerId} canControl={canControl} />
        <PrinterEvents printerId={printerId} />
      </div>
    </div>
  );
}
