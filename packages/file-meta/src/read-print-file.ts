// Reads a print file on disk (never whole into memory) and returns its metadata and thumbnails,
// or throws UnreadablePrintFileError with a message for a person.
import { readBgcode } from "./bgcode/bgcode-reader";
import { readGcode } from "./gcode/gcode-reader";
import { formatOfName, UnreadablePrintFileError, type PrintFileContents } from "./metadata";
import { read3mf } from "./threemf/threemf-reader";

export function readPrintFile(filePath: string, fileName: string): Promise<PrintFileContents> {
  switch (formatOfName(fileName)) {
    case "gcode":
      return readGcode(filePath);
    case "bgcode":
      return readBgcode(filePath);
    case "3mf":
      return read3mf(filePath);
    default:
      return Promise.reject(
        new UnreadablePrintFileError(
          "unsupported_format",
          `"${fileName.slice(0, 100)}" is not a print file Printernizer reads: upload .gcode, .bgcode or a sliced .3mf (.gcode.3mf).`,
        ),
      );
  }
}
