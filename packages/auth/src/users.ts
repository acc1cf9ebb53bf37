// People management: first-run setup, creating users, roles, disabling, password resets.
// Passwords are hashed with better-auth's own hasher and stored where better-auth reads them
// (Account, providerId "credential"), so sign-in stays entirely the library's.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Db } from "@printernizer/db";
import type { Role } from "./roles";

export class UserError extends Error {
  constructor(
    message: string,
    readonly code: "CONFLICT" | "NOT_FOUND" | "PRECONDITION_FAILED",
  ) {
    super(message);
    this.name = "UserError";
  }
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const setupLockKey = 72707370;

export function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

async function insertUser(tx: Pick<Db, "user" | "account">, user: NewUser, passwordHash: string) {
  const id = randomUUID();
  const created = await tx.user.create({
    data: { id, email: user.email, name: user.name, role: user.role, emailVerified: true },
  });
  await tx.account.create({
    data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash },
  });
  return created;
}

/** Creates the first admin; refuses once anyone exists (two browsers racing get one admin). */
export async function setupFirstAdmin(db: Db, input: Omit<NewUser, "role">) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${setupLockKey})`;
    if ((await tx.user.count()) > 0)
      throw new UserError("Printernizer is already set up. Sign in instead.", "PRECONDITION_FAILED");
    return insertUser(tx, { ...input, role: "admin" }, passwordHash);
  });
}

export async function createUser(db: Db, input: NewUser) {
  if (await db.user.findUnique({ where: { email: input.email } }))
    throw new UserError(`A user with the email ${input.email} already exists.`, "CONFLICT");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction((tx) => insertUser(tx, input, passwordHash));
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const users = await db.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
  const lastLogins = await db.auditLog.groupBy({
    by: ["actorId"],
    where: { action: "auth.login", actorId: { in: users.map((u) => u.id) } },
    _max: { createdAt: true },
  });
  const lastById = new Map(lastLogins.map((row) => [row.actorId, row._max.createdAt]));
  return users.map((user) => ({ ...user, lastLoginAt: lastById.get(user.id) ?? null }));
}

async function findUser(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserError("That user no longer exists. Reload the page.", "NOT_FOUND");
  return user;
}

/** Throws when the change would leave no enabled admin. */
async function keepOneAdmin(db: Db, userId: string) {
  const others = await db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0)
    throw new UserError(
      "This is the last enabled admin. Make someone else an admin first.",
      "PRECONDITION_FAILED",
    );
}

/** Returns the updated user with the role it had before (for the audit log). */
export async function setRole(db: Db, userId: string, role: Role) {
  const user = await findUser(db, userId);
  if (user.role === "admin" && role !== "admin") await keepOneAdmin(db, userId);
  const updated = await db.user.update({ where: { id: userId }, data: { role } });
  return { ...updated, previousRole: user.role };
}

/** Disabling signs the user out everywhere at once. */
export async function setDisabled(db: Db, userId: string, disabled: boolean) {
  const user = await findUser(db, userId);
  if (disabled && user.role === "admin") await keepOneAdmin(db, userId);
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { disabled } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    return updated;
  });
}

/** Sets a new password and ends the user's sessions (they sign in again with it). */
export async function resetPassword(db: Db, userId: string, password: string) {
  const user = await findUser(db, userId);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const updated = await tx.account.updateMany({
      where: { userId, providerId: "credential" },
      data: { password: passwordHash },
    });
    if (updated.count === 0)
      await tx.account.create({
        data: {
          id: randomUUID(),
          accountId: userId,
          providerId: "credential",
          userId,
          password: passwordHash,
        },
      });
    await tx.session.deleteMany({ where: { userId } });
  });
  return user;
}

export async function deleteUser(db: Db, userId: string) {
  const user = await findUser(db, userId);
  if (user.role === "admin") await keepOneAdmin(db, userId);
  await db.user.delete({ where: { id: userId } });
  return user;
}

/** For a locked-out owner (CLI): creates the admin, or makes an existing user an enabled admin with this password. */
export async function createOrResetAdmin(db: Db, input: Omit<NewUser, "role">): Promise<"created" | "reset"> {
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (!existing) {
    await createUser(db, { ...input, role: "admin" });
    return "created";
  }
  await db.user.update({ where: { id: existing.id }, data: { role: "admin", disabled: false } });
  await resetPassword(db, existing.id, input.password);
  return "reset";
}
