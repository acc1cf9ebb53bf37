// What an upload's refusal means, in words a person can act on. The printer's own words stay in
// brackets (Buddy: "Another transfer in progress", "File is busy", "Not a GCODE" …).

/** A sentence for an upload refused with `status`, or undefined to keep the original error. */
export function errorWords(status: number, message: string, name: string): string | undefined {
  const reason = printerReason(message);
  const said = reason ? ` (the printer says: ${reason})` : "";
  switch (status) {
    case 409:
      if (/another transfer/i.test(reason))
        return `The printer is receiving another file${said}: try again when that transfer has finished.`;
      if (/busy/i.test(reason))
        return `The printer is printing the file ${name}${said}: upload it under another name or wait until the print has ended.`;
      if (/can't print|cannot print/i.test(reason))
        return `The file ${name} was stored, but the printer could not start it${said}.`;
      return `The printer refused the file ${name}${said}.`;
    case 415:
      return `The printer does not take this kind of file${said}: PrusaLink prints .gcode and .bgcode files.`;
    case 507:
      return `The printer's storage is full${said}: delete files on its USB stick or storage and try again.`;
    case 414:
    case 431:
      return `The file name ${name} is too long for the printer${said}: give the file a shorter name.`;
    case 408:
      return `The printer gave up waiting for the file${said}: the network or the printer is too slow right now; try again.`;
    case 422:
      return `The printer does not accept the file name ${name}${said}: rename the file.`;
    case 404:
      return `The printer has no place for the file ${name}${said}: is a USB stick in the printer?`;
    case 503:
      return `The printer stopped the upload${said}: try again.`;
    default:
      return undefined;
  }
}

/** "PUT /api/v1/files/usb/x: HTTP 415: Not a GCODE" → "Not a GCODE"; a conflict's message is the reason already. */
function printerReason(message: string): string {
  const match = /: HTTP \d{3}(?:: (.*))?$/s.exec(message);
  return (match ? (match[1] ?? "") : message).trim();
}
