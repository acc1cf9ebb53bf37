import { hostileInputReason } from "@printernizer/farm/input-guard";
import { jobsCsv, ZJobFilterSchema } from "@printernizer/farm/jobs";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

/** The job history as CSV, with the filters of the jobs page (printerId, outcome, from, to). Any signed-in user. */
export async function GET(request: Request) {
  if (!(await getSession(request.headers)))
    return Response.json({ error: "Sign in to export jobs." }, { status: 401 });
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ""),
  );
  const hostile = hostileInputReason(params);
  if (hostile) return Response.json({ error: `Invalid filter: ${hostile}` }, { status: 400 });
  const filter = ZJobFilterSchema.safeParse(params);
  if (!filter.success) {
    return Response.json(
      {
        error: `Invalid filter: ${filter.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      },
      { status: 400 },
    );
  }
  const lines = jobsCsv(getDb(), filter.data);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="printernizer-jobs-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
