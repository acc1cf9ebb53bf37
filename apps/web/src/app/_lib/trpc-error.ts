// The message to show a person for a failed tRPC call: the first field error of a validation
// failure (zod's message, written for people), else the server's own message.
import { TRPCClientError } from "@trpc/client";

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as
      | { zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null }
      | undefined;
    const fieldErrors = data?.zodError?.fieldErrors ?? {};
    for (const [field, messages] of Object.entries(fieldErrors))
      if (messages?.[0]) return `${field}: ${messages[0]}`;
    if (data?.zodError?.formErrors?.[0]) return data.zodError.formErrors[0];
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

/** The zod field errors of a failed call, by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = error.data as
    { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | undefined;
  return Object.fromEntries(
    Object.entries(data?.zodError?.fieldErrors ?? {}).flatMap(([field, messages]) =>
      messages?.[0] ? [[field, messages[0]]] : [],
    ),
  );
}
