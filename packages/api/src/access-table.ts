// Who may call each procedure: the authorization matrix test
// (src/authorization.integration-test.ts) calls every procedure of the router as anonymous,
// viewer, operator and admin and checks the outcome against this table. A procedure added
// without a row here fails that test, and so does a row whose procedure is gone.
import type { Access } from "./trpc";

export const accessTable: Record<string, Access> = {
  "events.list": "viewer",
  "events.types": "viewer",
  "events.health": "viewer",
  "events.alerts": "viewer",
  "command.get": "viewer",
  "farm.list": "viewer",
  "farm.updates": "viewer",
  "files.list": "viewer",
  "files.refresh": "operator",
  "files.download": "operator",
  "jobs.list": "viewer",
  "jobs.stats": "viewer",
  "printer.list": "viewer",
  "printer.get": "viewer",
  "printer.temperatures": "viewer",
  "printer.jobs": "viewer",
  "printer.events": "viewer",
  "printer.command": "operator",
  "webhook.list": "admin",
  "webhook.create": "admin",
  "webhook.update": "admin",
  "webhook.setEnabled": "admin",
  "webhook.delete": "admin",
  "webhook.sendTest": "admin",
  "webhook.deliveries": "admin",
  "worker.list": "viewer",
};
