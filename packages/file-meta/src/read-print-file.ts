// Reads a print file on disk (never whole into memory) and returns its metadata and thumbnails,
// or throws UnreadablePrintFileError with a message for a person.
import { UnreadablePrintFileError, type PrintFileContents } from "./metadata";

export function readPrintFile(_filePath: string, _fileName: string): Promise<PrintFileContents> {
  // Implemented by the metadata readers (G-code headers, binary G-code blocks, 3MF plates).
  return Promise.reject(
    new UnreadablePrintFileError("unsupported_format", "Reading print files is not ready yet."),
  );
}
