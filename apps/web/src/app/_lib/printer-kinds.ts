// Sentences about every printer kind, from the kinds' metadata (no vendor named here).
import { listPrinterKindMetadata } from "@printernizer/printers/kinds";

/** "a, b and c" */
export function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** For the empty dashboard: which printers the app talks to and how. */
export function supportedPrintersSentence(): string {
  return `Printernizer talks to ${andList(listPrinterKindMetadata().map((kind) => kind.connectionHelp.summary))}.`;
}

/** For the empty admin list: what an admin needs per kind. */
export function printerNeedsSentence(): string {
  return `you need its IP address and, ${listPrinterKindMetadata()
    .map((kind) => `for ${kind.label}, ${kind.connectionHelp.needs}`)
    .join("; ")}.`;
}
