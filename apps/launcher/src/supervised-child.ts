// Keeps one child process (worker or web app) running: when it exits on its own, it is
// restarted after the restart policy's backoff, loudly; when it crashes too often, the
// supervisor gives up and says so. stop() ends supervision first, so a shutdown never restarts.
import type { ManagedChild } from "./child-process";
import { RestartPolicy } from "./restart-policy";

export interface SupervisedChild {
  name: string;
  /** The process id of the running child, if one runs. */
  pid(): number | undefined;
  /** Stops supervising, cancels a pending restart, stops the child; resolves with how it ended. */
  stop(): Promise<string>;
}

export interface SuperviseOptions {
  name: string;
  start: () => ManagedChild;
  policy?: RestartPolicy;
  /** Normal progress lines. */
  say: (line: string) => void;
  /** Crashes and giving up: lines an operator must not miss. */
  alarm: (line: string) => void;
  /** Called once when the child crashed too often; the caller stops the farm. */
  onGiveUp: (reason: string) => void;
  now?: () => number;
}

export function superviseChild(options: SuperviseOptions): SupervisedChild {
  const { name, say, alarm } = options;
  const policy = options.policy ?? new RestartPolicy();
  const now = options.now ?? Date.now;
  let current: ManagedChild | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const run = () => {
    const child = options.start();
    const startedAt = now();
    current = child;
    say(`started the ${name} (pid ${child.process.pid ?? "?"})`);
    void child.exited.then((exit) => {
      if (stopping) return;
      current = undefined;
      const ranForMs = now() - startedAt;
      const how = describeExit(exit);
      const decision = policy.onCrash(now(), ranForMs);
      if (decision.action === "restart") {
        alarm(
          `!!! the ${name} crashed (${how}) after ${seconds(ranForMs)}; restarting it in ${seconds(decision.delayMs)} ` +
            `(restart ${decision.crash} of at most ${policy.options.maxCrashes - 1} within ${seconds(policy.options.windowMs)}). Its log lines above say why.`,
        );
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          if (!stopping) run();
        }, decision.delayMs);
        return;
      }
      const reason =
        `the ${name} crashed ${decision.crashes} times within ${seconds(decision.windowMs)} (last: ${how}); giving up and stopping Printernizer. ` +
        `Its log lines above say why it crashed: fix that (configuration, database, disk, …) and run npm start again.`;
      alarm(`!!! ${reason}`);
      options.onGiveUp(reason);
    });
  };
  run();

  return {
    name,
    pid: () => current?.process.pid,
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const child = current;
      if (!child) return "not running";
      await child.stop();
      return describeExit(await child.exited);
    },
  };
}

function describeExit({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function seconds(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}
