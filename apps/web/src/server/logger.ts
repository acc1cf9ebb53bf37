import "server-only";
import { createLogger, type Logger } from "@printernizer/logger";
import { serverEnv } from "~/env";

let logger: Logger | undefined;
export function getLogger(): Logger {
  return (logger ??= createLogger({ name: "web", level: serverEnv().LOG_LEVEL }));
}
