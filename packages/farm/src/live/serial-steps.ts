// Read-and-apply steps of the farm cache, one at a time and in order (a later read never lands
// before an earlier one). A step that fails is reported, and `recover` runs after a growing
// pause (0.5 s … 10 s) until a step succeeds again: the cache then reads everything again.
export class SerialSteps {
  private chain: Promise<unknown> = Promise.resolve();
  private retryTimer?: NodeJS.Timeout;
  private retryMs = 500;
  private closed = false;

  constructor(
    private readonly options: {
      onFailure(error: unknown): void;
      recover(): Promise<void>;
    },
  ) {}

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.chain.then(() => {
      if (this.closed) throw new Error("The farm cache is closed (this process is stopping).");
      return step();
    });
    this.chain = result.then(
      () => {
        this.retryMs = 500;
      },
      (error: unknown) => {
        if (this.closed) return;
        this.options.onFailure(error);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(
          () => void this.run(() => this.options.recover()).catch(() => undefined),
          this.retryMs,
        );
        this.retryTimer.unref();
        this.retryMs = Math.min(10_000, this.retryMs * 2);
      },
    );
    return result;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
  }
}
