// Zod pieces shared by procedures whose input ends up in a query as a number or an id.
import { z } from "zod";

const int64Max = 2n ** 63n - 1n;

/** An event page cursor: the id (bigint) of the last event seen, within PostgreSQL's bigint range. */
export const ZEventCursorSchema = z
  .string()
  .regex(/^\d{1,19}$/, "The page cursor is an event number.")
  .refine((value) => BigInt(value) <= int64Max, "The page cursor is beyond the last possible event number.");

/** A row id in a filter (cuid or uuid; generous but bounded). */
export const ZRowIdSchema = z.string().min(1).max(100, "That is not an id.");
