import { getCameraRelay } from "~/server/cameras";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// The printer's latest camera picture (JPEG) for anyone signed in: a frame the relay has from an
// open stream, or one the owning worker takes. Cached by the browser for 2 s (the camera wall
// asks every few seconds). Errors are JSON with a sentence (offline, live view off, no camera).
export async function GET(request: Request, { params }: { params: Promise<{ printerId: string }> }) {
  if (!(await getSession(request.headers)))
    return Response.json({ message: "Sign in to continue." }, { status: 401 });
  const { printerId } = await params;
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(printerId))
    return Response.json({ message: "That is not a printer id." }, { status: 400 });
  const shot = await getCameraRelay().snapshot(printerId);
  if (!shot.ok) return Response.json({ message: shot.message }, { status: shot.status });
  return new Response(shot.jpeg, {
    headers: {
      "content-type": "image/jpeg",
      "cache-control": "private, max-age=2",
      "x-frame-at": String(shot.at),
    },
  });
}
