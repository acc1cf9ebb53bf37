// The three roles of a makerspace or print farm, from least to most power.
import { z } from "zod";

export const roles = ["viewer", "operator", "admin"] as const;
export const ZRoleSchema = z.enum(roles, { message: "Role must be admin, operator or viewer." });
export type Role = z.infer<typeof ZRoleSchema>;

/** True when `actual` includes everything `required` may do (admin ⊃ operator ⊃ viewer). */
export function hasRole(actual: string, required: Role): boolean {
  const rank = roles.indexOf(actual as Role);
  return rank >= 0 && rank >= roles.indexOf(required);
}

/** The role a session carries: a stored role that is unknown or missing reads as viewer. */
export function sessionRole(role: string | null | undefined): Role {
  return role && hasRole(role, "viewer") ? (role as Role) : "viewer";
}
