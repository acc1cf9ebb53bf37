// Runs in the browser before the app hydrates. Zod probes `new Function` the first time an object schema is
// built (its JIT fast path); the pages' CSP forbids eval, so that probe would be reported as a violation on
// every page that shows printer kinds (their form schemas come with `@printernizer/printers/kinds`).
// Jitless parsing is plenty for the few schemas the browser uses.
import { z } from "zod";

z.config({ jitless: true });
