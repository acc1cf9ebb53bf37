"use client";
import { Button } from "@printernizer/ui/button";
import { postJson } from "~/app/_lib/post-json";

export function SignOutButton() {
  return (
    <Button
      variant="ghost"
      onClick={async () => {
        await postJson("/api/auth/sign-out", {});
        window.location.assign("/login");
      }}
    >
      Sign out
    </Button>
  );
}
