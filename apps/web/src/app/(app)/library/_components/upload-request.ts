// One file to POST /api/library/upload with XMLHttpRequest, whose upload.onprogress reports
// bytes as they leave the browser (fetch cannot). The body is the File itself: the browser
// streams it from disk. The server's {error} is the message shown when it refuses.
export interface UploadProgress {
  loaded: number;
  total: number;
}

export type UploadOutcome = { ok: true; fileId: string } | { ok: false; error: string };

export function uploadToLibrary(
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/library/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.total || file.size });
    xhr.onload = () => {
      const body = xhr.response as { error?: string; message?: string; file?: { id: string } } | null;
      if (xhr.status === 201 && body?.file) resolve({ ok: true, fileId: body.file.id });
      else
        resolve({
          ok: false,
          error: body?.error ?? body?.message ?? `The server refused the file (${xhr.status}). Try again.`,
        });
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        error:
          "The upload was cut off: Printernizer did not answer. Check that it is running, then try again.",
      });
    xhr.onabort = () => resolve({ ok: false, error: "Upload cancelled." });
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
