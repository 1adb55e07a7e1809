/**
 * "scanning 1200/5000 files" on stderr while a long scan runs, when stderr is a terminal (never in logs or pipes).
 * Appears only after `delayMs`, redraws at most every `intervalMs`, and erases itself when done.
 */
/** How long a scan runs before progress shows: `SOCKET_LENS_PROGRESS_DELAY_MS` (0 to 60000), else 500 ms. */
export function progressDelayMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SOCKET_LENS_PROGRESS_DELAY_MS);
  return env.SOCKET_LENS_PROGRESS_DELAY_MS !== undefined && Number.isInteger(value) && value >= 0 && value <= 60000 ? value : 500;
}

export class ScanProgress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly delayMs = 500,
    private readonly intervalMs = 100,
  ) {}

  get enabled(): boolean {
    return !!(this.stream as { isTTY?: boolean }).isTTY;
  }

  update(stage: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.shown = true;
    this.stream.write(`\r\x1b[K${stage} ${done}/${total} files`);
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
