import { invalidKioskLinkMessage } from "@printernizer/farm/kiosk-tokens";

// An unknown, mistyped or revoked wall-display link: one plain sentence (404), nothing else.
export default function WallLinkNotValid() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl items-center p-6">
      <p className="text-xl" data-testid="wall-not-valid">
        {invalidKioskLinkMessage}
      </p>
    </main>
  );
}
