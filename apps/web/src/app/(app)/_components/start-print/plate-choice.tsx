"use client";
// Which plate of a multi-plate 3MF to print: one radio per sliced plate with its picture,
// name and time.
import type { Plate } from "@printernizer/file-meta";
import { formatDuration } from "@printernizer/ui/format";

export function PlateChoice({
  plates,
  value,
  onChange,
}: {
  plates: Plate[];
  value: number;
  onChange: (plate: number) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">Plate</legend>
      <ul className="flex flex-wrap gap-2" data-testid="plate-choice">
        {plates.map((plate) => {
          const id = `start-plate-${plate.index}`;
          return (
            <li key={plate.index}>
              <input
                id={id}
                type="radio"
                name="start-plate"
                className="peer sr-only"
                checked={value === plate.index}
                onChange={() => onChange(plate.index)}
              />
              <label
                htmlFor={id}
                className="flex w-28 cursor-pointer flex-col items-center gap-1 rounded border border-slate-200 p-1.5 text-center text-xs peer-checked:border-sky-600 peer-checked:ring-2 peer-checked:ring-sky-600 peer-focus-visible:outline-2 peer-focus-visible:outline-sky-600 dark:border-slate-700"
              >
                {plate.thumbnailSha256 ? (
                  <img
                    src={`/api/thumbnails/${plate.thumbnailSha256}`}
                    alt=""
                    className="h-20 w-20 rounded object-contain"
                  />
                ) : null}
                <span className="font-medium">
                  Plate {plate.index}
                  {plate.name ? `: ${plate.name}` : ""}
                </span>
                {plate.estimatedSeconds !== undefined ? (
                  <span className="text-muted">{formatDuration(plate.estimatedSeconds)}</span>
                ) : null}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
