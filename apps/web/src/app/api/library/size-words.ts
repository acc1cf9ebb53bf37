/** A byte count for people: "1 GiB", "1.5 GiB", "40 MiB", "512 KiB", "900 B". */
export function sizeWords(bytes: number): string {
  const unit = (n: number, name: string) => `${Number.isInteger(n) ? n : n.toFixed(1)} ${name}`;
  if (bytes >= 1024 ** 3) return unit(Math.round((bytes / 1024 ** 3) * 10) / 10, "GiB");
  if (bytes >= 1024 ** 2) return unit(Math.round((bytes / 1024 ** 2) * 10) / 10, "MiB");
  if (bytes >= 1024) return unit(Math.round(bytes / 1024), "KiB");
  return `${bytes} B`;
}
