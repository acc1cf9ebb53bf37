import { CAMERA_CONTENT_TYPE } from "@printernizer/farm/camera/camera-wire";
import { sessionWatchFor } from "@printernizer/farm/live/session-watch";
import { cameraStreamBody } from "~/server/camera-response";
import { getCameraRelay } from "~/server/cameras";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

/** At most this many cameras in one browser stream (the camera wall's live tiles, the printer page's one). */
const maxCameras = 16;

// Live pictures of up to 16 printers for anyone signed in (viewers may watch), relayed from the
// workers that run them (the browser never talks to a printer): `?ids=a,b,c`, answered in the
// camera-wire framing, channel = position in `ids`. Ends when the session does.
export async function GET(request: Request) {
  const session = await getSession(request.headers);
  if (!session) return Response.json({ message: "Sign in to continue." }, { status: 401 });
  const ids = (new URL(request.url).searchParams.get("ids") ?? "").split(",").filter(Boolean);
  if (!ids.length || ids.length > maxCameras || ids.some((id) => !/^[A-Za-z0-9_-]{1,100}$/.test(id)))
    return Response.json(
      { message: `Name 1 to ${maxCameras} printer ids as ?ids=a,b (letters, digits, - and _).` },
      { status: 400 },
    );
  const watch = sessionWatchFor(getDb()).watch(session);
  const ended = AbortSignal.any([request.signal, watch.signal]);
  if (ended.aborted) watch.stop();
  else ended.addEventListener("abort", () => watch.stop(), { once: true });
  return new Response(cameraStreamBody(getCameraRelay(), [...new Set(ids)], ended), {
    headers: {
      "content-type": CAMERA_CONTENT_TYPE,
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
