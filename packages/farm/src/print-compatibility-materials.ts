// The filament half of the compatibility check: what each filament of the plate will print
// from. Bambu with an AMS: an AMS mapping chosen automatically (same material type, then the
// nearest colour by ΔE; a tray serves one filament unless two filaments are the same), or the
// person's own mapping checked the same way; without an AMS (or "use AMS" off) everything comes
// from the external spool. Prusa: the loaded filament of each tool against the file's.
import type { FilamentNeed } from "@printernizer/file-meta";
import type { FilamentSlot } from "@printernizer/printers";
import { colorDistance, describeNeed, sameMaterial, slotLabel, slotPlace } from "./print-compatibility-words";
import type { CompatibilityProblem, FilamentChoice } from "./print-compatibility";

/** Colours further apart than this (CIE76 ΔE) are a different colour, not a shade of the same. */
export const colorMismatchDeltaE = 20;
/** The tray id of the (main) external spool when the printer reports none. */
const externalTrayId = 254;

export interface MaterialsResult {
  problems: CompatibilityProblem[];
  slots: FilamentChoice[];
  amsMapping?: number[];
}

const mismatch = (code: CompatibilityProblem["code"], message: string): CompatibilityProblem => ({
  code,
  level: "mismatch",
  blocking: false,
  message,
});
const warning = (code: CompatibilityProblem["code"], message: string): CompatibilityProblem => ({
  code,
  level: "warning",
  blocking: false,
  message,
});

const needKey = (need: FilamentNeed) =>
  `${need.type?.toUpperCase() ?? ""}|${need.color?.toLowerCase() ?? ""}`;
const known = (slot: FilamentSlot) => slot.state !== "empty" && slot.material !== undefined;
const unknownContents = (slot: FilamentSlot) => slot.state !== "empty" && slot.material === undefined;

/** Compares one need with the slot it will print from: material type, then colour. */
function compare(need: FilamentNeed, slot: FilamentSlot): CompatibilityProblem | undefined {
  const where = slotPlace(slot);
  const has = describeNeed({ type: slot.material, color: slot.color });
  if (!known(slot))
    return warning(
      "filament_unknown",
      `Filament ${need.index} (${describeNeed(need)}) prints from ${where}, whose filament is not known: check it holds ${need.type ?? "the right filament"}.`,
    );
  if (need.type && !sameMaterial(need.type, slot.material))
    return mismatch("material", `Filament ${need.index} needs ${describeNeed(need)}; ${where} has ${has}.`);
  const distance = colorDistance(need.color, slot.color);
  if (distance !== undefined && distance > colorMismatchDeltaE)
    return mismatch(
      "color",
      `Filament ${need.index} needs ${describeNeed(need)}; ${where} has ${has}, another colour.`,
    );
  return undefined;
}

/** Pairs needs with trays: cheapest colour distance first among the same material type. */
function autoMap(needs: FilamentNeed[], trays: FilamentSlot[]): Map<number, FilamentSlot> {
  const pairs: { need: FilamentNeed; tray: FilamentSlot; cost: number }[] = [];
  for (const need of needs)
    for (const tray of trays.filter(known))
      if (!need.type || sameMaterial(need.type, tray.material))
        pairs.push({ need, tray, cost: colorDistance(need.color, tray.color) ?? 50 });
  pairs.sort((a, b) => a.cost - b.cost);
  const chosen = new Map<number, FilamentSlot>();
  const trayOwner = new Map<FilamentSlot, string>();
  for (const { need, tray } of pairs) {
    if (chosen.has(need.index)) continue;
    const owner = trayOwner.get(tray);
    if (owner !== undefined && owner !== needKey(need)) continue;
    chosen.set(need.index, tray);
    trayOwner.set(tray, needKey(need));
  }
  // A need no known tray matched goes to a tray whose contents are unknown (a warning, not a block).
  const spare = trays.filter((t) => unknownContents(t) && !trayOwner.has(t));
  for (const need of needs) {
    if (chosen.has(need.index)) continue;
    const tray = spare.shift();
    if (tray) chosen.set(need.index, tray);
  }
  return chosen;
}

function unmatched(need: FilamentNeed, trays: FilamentSlot[]): CompatibilityProblem {
  const sameType = need.type && trays.some((t) => known(t) && sameMaterial(need.type!, t.material));
  return mismatch(
    "material",
    sameType
      ? `Needs ${describeNeed(need)} — every ${need.type} tray is taken by another filament of this plate.`
      : `Needs ${describeNeed(need)} — no ${need.type ?? "matching filament"} loaded.`,
  );
}

function bambuMaterials(
  needs: FilamentNeed[],
  filament: FilamentSlot[],
  useAms: boolean,
  manual: readonly number[] | undefined,
): MaterialsResult {
  const problems: CompatibilityProblem[] = [];
  const trays = filament.filter((s) => s.unit !== "external");
  const external = filament.find((s) => s.unit === "external");
  const length = Math.max(...needs.map((n) => n.index));
  const mapping: number[] = Array.from({ length }, () => -1);
  const slots: FilamentChoice[] = [];
  const viaAms = useAms && trays.length > 0;
  const chosen = viaAms && !manual ? autoMap(needs, trays) : new Map<number, FilamentSlot>();
  if (!viaAms && new Set(needs.map(needKey)).size > 1)
    problems.push(
      mismatch(
        "too_many_filaments",
        `This plate uses ${needs.length} filaments, but ${useAms ? "the printer has no AMS" : "“use AMS” is off"}: everything prints from the external spool.`,
      ),
    );
  for (const need of needs) {
    let slot: FilamentSlot | undefined;
    let trayId: number | undefined;
    if (!viaAms) {
      trayId = external?.trayId ?? externalTrayId;
      slot = external;
    } else if (manual) {
      trayId = manual[need.index - 1];
      slot = filament.find((s) => s.trayId !== undefined && s.trayId === trayId);
      if (trayId === undefined || trayId < 0) {
        trayId = undefined;
        problems.push(
          mismatch("material", `Filament ${need.index} (${describeNeed(need)}) is not mapped to a tray.`),
        );
      } else if (!slot)
        problems.push(
          mismatch(
            "material",
            `Filament ${need.index} is mapped to tray ${trayId}, which the printer does not have.`,
          ),
        );
    } else {
      slot = chosen.get(need.index);
      trayId = slot?.trayId;
      if (!slot) problems.push(unmatched(need, trays));
    }
    if (trayId !== undefined) mapping[need.index - 1] = trayId;
    const problem = slot ? compare(need, slot) : undefined;
    if (problem) problems.push(problem);
    if (!slot && !viaAms)
      problems.push(
        warning(
          "filament_unknown",
          `Filament ${need.index} (${describeNeed(need)}) prints from the external spool, which the printer does not report: check it holds ${need.type ?? "the right filament"}.`,
        ),
      );
    slots.push({
      index: need.index,
      need: { type: need.type, color: need.color },
      ...(trayId !== undefined ? { trayId } : {}),
      label: slot ? slotLabel(slot) : trayId !== undefined ? "External spool" : "No tray",
    });
  }
  return { problems, slots, amsMapping: mapping };
}

function singleExtruderMaterials(needs: FilamentNeed[], filament: FilamentSlot[]): MaterialsResult {
  const problems: CompatibilityProblem[] = [];
  const slots: FilamentChoice[] = [];
  for (const need of needs) {
    const slot = filament.length === 1 && need.index === 1 ? filament[0] : filament[need.index - 1];
    const problem = slot
      ? compare(need, slot)
      : warning(
          "filament_unknown",
          `Loaded filament not checked: the printer does not report which filament is loaded${needs.length > 1 ? ` for tool ${need.index}` : ""}; make sure it is ${describeNeed(need)}.`,
        );
    if (problem) problems.push(problem);
    slots.push({
      index: need.index,
      need: { type: need.type, color: need.color },
      label: slot ? slotLabel(slot) : "Not reported",
    });
  }
  return { problems, slots };
}

export function checkMaterials(input: {
  kind: string;
  needs: FilamentNeed[];
  filament: FilamentSlot[] | undefined;
  useAms: boolean;
  amsMapping?: readonly number[];
}): MaterialsResult {
  const { needs } = input;
  if (needs.length === 0) return { problems: [], slots: [] };
  if (!input.filament)
    return {
      problems: [
        warning(
          "filament_unknown",
          "Loaded filament not checked: the printer has not reported its filament yet.",
        ),
      ],
      slots: needs.map((n) => ({
        index: n.index,
        need: { type: n.type, color: n.color },
        label: "Not reported",
      })),
    };
  if (input.kind === "bambu") return bambuMaterials(needs, input.filament, input.useAms, input.amsMapping);
  return singleExtruderMaterials(needs, input.filament);
}
