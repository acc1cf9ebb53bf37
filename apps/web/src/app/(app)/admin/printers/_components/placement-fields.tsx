"use client";
// The printer form's location and tags. The location suggests the farm's existing locations
// (a <datalist>, so "Room 2 / Rack A" is typed the same way each time); tags are a comma list,
// tidied and de-duplicated on the server (and shown tidied here as soon as the field is left).
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo } from "react";
import { maxLocationLength, tagsFromText } from "@printernizer/farm/printer-placement";
import { TextField } from "@printernizer/ui/form-field";
import { useTRPC } from "~/trpc/react";

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function PlacementFields({
  location,
  onLocation,
  tags,
  onTags,
}: {
  location: string;
  onLocation: (value: string) => void;
  /** The tags as typed: "PETG, 0.6 nozzle". */
  tags: string;
  onTags: (value: string) => void;
}) {
  const trpc = useTRPC();
  const listId = useId();
  const { data: printers } = useQuery(trpc.admin.printers.list.queryOptions());
  const locations = useMemo(
    () =>
      [...new Set((printers ?? []).flatMap((p) => (p.location ? [p.location] : [])))].sort(collator.compare),
    [printers],
  );
  return (
    <>
      <TextField
        label="Location"
        value={location}
        onChange={(e) => onLocation(e.target.value)}
        maxLength={maxLocationLength}
        list={listId}
        autoComplete="off"
        placeholder="e.g. Room 2 / Rack A"
        hint="The dashboard groups printers by location."
        data-testid="printer-location"
      />
      <datalist id={listId}>
        {locations.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <TextField
        label="Tags"
        value={tags}
        onChange={(e) => onTags(e.target.value)}
        onBlur={() => onTags(tagsFromText(tags).join(", "))}
        autoComplete="off"
        placeholder="e.g. PETG, 0.6 nozzle"
        hint="Separate tags with commas (at most 20, each up to 32 characters). The dashboard filters by them."
        data-testid="printer-tags"
      />
    </>
  );
}
