// Is this G-code text at all? Refuses an empty file, binary data (a PNG, a zip, a binary G-code
// renamed .gcode) and text that is not G-code, with a message that says what the file is instead.
import { UnreadablePrintFileError } from "../metadata";

const SNIFF_BYTES = 64 * 1024;
// A comment, a command word ("G1 X10", "M104 S215", "T0", "N10 G28") or a Klipper macro ("PRINT_START ...").
const GCODE_LINE = /^\s*(?:;.*|[A-Za-z]-?\d.*|[A-Z][A-Z0-9_]*(?:\s.*)?)$/;

function binaryKind(head: Buffer): string | undefined {
  if (head.subarray(0, 4).toString("latin1") === "GCDE")
    return "This is a binary G-code file named .gcode: rename it to .bgcode and upload it again.";
  if (head.subarray(0, 4).toString("latin1") === "PK\u0003\u0004")
    return "This is a zip archive (a 3MF?) named .gcode: give it its .3mf name and upload it again.";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "This is a PNG image, not G-code: upload the sliced .gcode file.";
  return undefined;
}

/** Throws UnreadablePrintFileError("not_gcode") unless the first bytes read like G-code text. */
export function assertLooksLikeGcode(head: Buffer): void {
  if (head.length === 0)
    throw new UnreadablePrintFileError("not_gcode", "The file is empty: upload the sliced G-code again.");
  const kind = binaryKind(head);
  if (kind) throw new UnreadablePrintFileError("not_gcode", kind);
  const sample = head.subarray(0, SNIFF_BYTES);
  // NUL and other control characters (tab, line feed, carriage return aside) do not occur in G-code text.
  const control = sample.some((byte) => byte < 32 && byte !== 9 && byte !== 10 && byte !== 13);
  const lines = sample.toString("utf8").split(/\r?\n/).slice(0, 200);
  const textLines = lines.filter((line) => line.trim().length > 0);
  const gcodeLines = textLines.filter((line) => GCODE_LINE.test(line));
  if (control || textLines.length === 0 || gcodeLines.length < textLines.length * 0.9)
    throw new UnreadablePrintFileError(
      "not_gcode",
      "This file is not G-code (it does not read as slicer output): upload the .gcode, .bgcode or .3mf your slicer exported.",
    );
}
