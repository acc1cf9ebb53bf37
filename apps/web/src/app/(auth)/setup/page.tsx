import { redirect } from "next/navigation";
import { countUsers } from "@printernizer/auth/users";
import { getDb } from "~/server/db";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up · Printernizer" };

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect("/login");
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Welcome! Create the first admin</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        This account manages printers and people. You can add operators and viewers afterwards.
      </p>
      <SetupForm />
    </>
  );
}
