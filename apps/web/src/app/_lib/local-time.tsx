"use client";
import { useInBrowser } from "./use-now";

const formats = {
  dateTime: (d: Date) => d.toLocaleString(),
  time: (d: Date) => d.toLocaleTimeString(),
  date: (d: Date) => d.toLocaleDateString(),
};

/**
 * A date in the reader's time zone and locale, written once the page runs in the browser (empty
 * on the server and while hydrating: the server cannot know the reader's zone, and text that
 * differs between the two makes React throw #418 and render the page again).
 */
export function LocalTime({
  date,
  format = "dateTime",
}: {
  date: Date | string;
  format?: keyof typeof formats;
}) {
  const inBrowser = useInBrowser();
  const value = new Date(date);
  return <time dateTime={value.toISOString()}>{inBrowser ? formats[format](value) : ""}</time>;
}
