/**
 * A full-screen terminal view: the alternate screen, the cursor hidden, each frame drawn in place from the
 * top-left corner; keys read in raw mode. leave() — on `q`, Ctrl-C, a signal, or process exit — restores
 * the cursor, the normal screen and the input mode.
 */
const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export class TerminalScreen {
  private active = false;
  private readonly onExit = (): void => this.leave();
  private readonly onResize = (): void => this.resized?.();
  private resized: (() => void) | undefined;
  private keyListener: ((chunk: Buffer | string) => void) | undefined;

  constructor(
    private readonly output: NodeJS.WriteStream,
    private readonly input: NodeJS.ReadStream | undefined,
  ) {}

  get size(): { columns: number; rows: number } {
    return { columns: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  /** Enters the alternate screen; `onQuit` runs on q / Q / Ctrl-C / Ctrl-D, `onResize` when the window changes. */
  enter(onQuit: () => void, onResize: () => void): void {
    if (this.active) return;
    this.active = true;
    this.resized = onResize;
    this.output.write(ENTER);
    this.output.on('resize', this.onResize);
    process.on('exit', this.onExit);
    if (this.input?.isTTY) {
      this.input.setRawMode(true);
      this.keyListener = (chunk) => {
        const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        if (/[qQ\u0003\u0004]/.test(text)) onQuit();
      };
      this.input.on('data', this.keyListener);
      this.input.resume();
    }
  }

  /** Draws the lines from the top, clearing the rest of each line and everything below. */
  draw(lines: readonly string[]): void {
    if (!this.active) return;
    this.output.write(`\x1b[H${lines.map((l) => `${l}\x1b[K`).join('\r\n')}\x1b[J`);
  }

  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.output.off('resize', this.onResize);
    process.off('exit', this.onExit);
    if (this.input?.isTTY) {
      if (this.keyListener) this.input.off('data', this.keyListener);
      this.input.setRawMode(false);
      this.input.pause();
    }
    this.output.write(LEAVE);
  }
}
