import { COLLECTOR_VERSION, FRAME_BEGIN_PREFIX, FRAME_END_PREFIX, FRAME_MARKER_SUFFIX } from './collectorScript';

/** One complete, validated frame: the record lines between the markers. */
export interface Frame {
  version: number;
  seq: number;
  tiers: string;
  records: string[];
  /** Bytes of the frame including both marker lines and newlines. */
  bytes: number;
}

export type FrameRejection =
  | { reason: 'truncated'; detail: string }
  | { reason: 'version'; detail: string }
  | { reason: 'malformed'; detail: string };

export interface FrameParserEvents {
  onFrame(frame: Frame): void;
  onReject?(rejection: FrameRejection): void;
  /** Lines outside frames (login banners, motd, shell noise). */
  onNoise?(line: string): void;
}

const MAX_LINE_BYTES = 64 * 1024;
const MAX_FRAME_RECORDS = 5000;

function parseMarker(line: string, prefix: string): string[] | undefined {
  if (!line.startsWith(prefix) || !line.endsWith(FRAME_MARKER_SUFFIX)) return undefined;
  const inner = line.slice(prefix.length, line.length - FRAME_MARKER_SUFFIX.length).trim();
  return inner.split(' ');
}

/**
 * Incremental parser for the collector's output stream. Feed it chunks as they arrive; it emits each frame
 * whose end marker matches its begin marker (same version and sequence) and whose record count is right.
 * A frame cut short (stream ends, or a new begin marker arrives before the end) is rejected, never emitted.
 */
export class FrameParser {
  private pending = '';
  private current: { version: number; seq: number; tiers: string; records: string[]; bytes: number } | undefined;

  constructor(private readonly events: FrameParserEvents) {}

  push(chunk: string | Buffer): void {
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      this.line(line);
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.reject({ reason: 'malformed', detail: `line longer than ${MAX_LINE_BYTES} bytes` });
      this.pending = '';
    }
  }

  /** The stream ended: a frame still open is incomplete. */
  end(): void {
    if (this.pending.length > 0) {
      const rest = this.pending;
      this.pending = '';
      if (this.current === undefined) this.events.onNoise?.(rest);
    }
    if (this.current !== undefined) {
      this.reject({ reason: 'truncated', detail: `frame ${this.current.seq} ended before its end marker` });
    }
  }

  private reject(rejection: FrameRejection): void {
    this.current = undefined;
    this.events.onReject?.(rejection);
  }

  private line(line: string): void {
    const begin = parseMarker(line, FRAME_BEGIN_PREFIX);
    if (begin !== undefined) {
      if (this.current !== undefined) {
        this.reject({ reason: 'truncated', detail: `frame ${this.current.seq} was cut off by the next frame` });
      }
      const [versionText, seqText, tiers] = begin;
      const version = Number(versionText);
      const seq = Number(seqText);
      if (!Number.isInteger(version) || !Number.isInteger(seq) || !/^[kty]+$/.test(tiers ?? '')) {
        this.reject({ reason: 'malformed', detail: `bad begin marker: ${line.slice(0, 80)}` });
        return;
      }
      if (version !== COLLECTOR_VERSION) {
        this.reject({ reason: 'version', detail: `collector version ${version}, expected ${COLLECTOR_VERSION}` });
        return;
      }
      this.current = { version, seq, tiers, records: [], bytes: Buffer.byteLength(line) + 1 };
      return;
    }
    const end = parseMarker(line, FRAME_END_PREFIX);
    if (end !== undefined) {
      const frame = this.current;
      if (frame === undefined) {
        this.events.onReject?.({ reason: 'truncated', detail: 'end marker without a begin marker' });
        return;
      }
      this.current = undefined;
      const [versionText, seqText, countText] = end;
      if (Number(versionText) !== frame.version || Number(seqText) !== frame.seq) {
        this.events.onReject?.({ reason: 'truncated', detail: `end marker ${seqText} does not match frame ${frame.seq}` });
        return;
      }
      if (Number(countText) !== frame.records.length) {
        this.events.onReject?.({
          reason: 'truncated',
          detail: `frame ${frame.seq} has ${frame.records.length} records, end marker says ${countText}`,
        });
        return;
      }
      this.events.onFrame({
        version: frame.version,
        seq: frame.seq,
        tiers: frame.tiers,
        records: frame.records,
        bytes: frame.bytes + Buffer.byteLength(line) + 1,
      });
      return;
    }
    if (this.current === undefined) {
      this.events.onNoise?.(line);
      return;
    }
    this.current.records.push(line);
    this.current.bytes += Buffer.byteLength(line) + 1;
    if (this.current.records.length > MAX_FRAME_RECORDS) {
      this.reject({ reason: 'malformed', detail: `frame has more than ${MAX_FRAME_RECORDS} records` });
    }
  }
}

/** Parses a whole captured output; returns the complete frames (for one-shot runs and tests). */
export function parseFrames(text: string): { frames: Frame[]; rejections: FrameRejection[]; noise: string[] } {
  const frames: Frame[] = [];
  const rejections: FrameRejection[] = [];
  const noise: string[] = [];
  const parser = new FrameParser({
    onFrame: (f) => frames.push(f),
    onReject: (r) => rejections.push(r),
    onNoise: (l) => noise.push(l),
  });
  parser.push(text);
  parser.end();
  return { frames, rejections, noise };
}
