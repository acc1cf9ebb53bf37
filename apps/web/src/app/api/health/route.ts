import { getDb } from "~/server/db";

export const dynamic = "force-dynamic";

/** 200 when the database answers, 503 otherwise. */
export async function GET() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "up" });
  } catch {
    return Response.json({ status: "degraded", database: "down" }, { status: 503 });
  }
}
