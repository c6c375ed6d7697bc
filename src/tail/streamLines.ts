// What each line of one log stream becomes: printed with its timestamp split off, skipped
// (printed already, before the stream was re-opened), or held back. The kubelet writes an
// error that ends a stream (e.g. "context cancelled" when it shuts down) into the body it
// already answered 200 to. So a line without a timestamp, on a stream that has them, is
// held back: the last line → the stream's error; followed by more → printed. --limit-bytes
// may cut the last line inside its timestamp: printed. On a re-opened stream, a first line
// without a timestamp is the rest of a line that began before sinceTime (the kubelet
// filters CRI partial lines piece by piece): that line was printed, or came before the
// stream's start, so it is dropped.
import { MAX_LINE } from './lineSplitter.js';
import type { Reopen, ResumeWindow } from './resumePoint.js';
import { timestampEnd } from './timestamps.js';

export interface StreamLinesOptions {
  /** the stream was asked for timestamps */
  timestamps: boolean;
  limitBytes: boolean;
  /** set on a re-opened stream: tells the lines it sends again */
  reopen?: Reopen;
  /** set on a stream that can be re-opened: learns what was printed */
  window?: ResumeWindow;
}

export interface StreamLines {
  /** a line from spanSplitter, buf[start, end); `continued`: another piece of a line over MAX_LINE */
  line(buf: Buffer, start: number, end: number, continued: boolean): void;
  /** the stream ended: the error the kubelet wrote at its end, if it wrote one */
  end(): Error | undefined;
}

/** What goes out: a line's timestamp and its message, where it lies, buf[start, end). */
export type PrintLine = (timestamp: string, buf: Buffer, start: number, end: number) => void;

export function streamLines(o: StreamLinesOptions, print: PrintLine): StreamLines {
  let held: Buffer | undefined;
  let timestamped = o.reopen !== undefined;
  let leading = o.reopen !== undefined;
  let lineTimestamp = '';
  // pieces of the current line (over MAX_LINE) still to skip: printed before the drop
  let skipPieces = 0;
  const release = (line: Buffer) => {
    held = undefined;
    lineTimestamp = '';
    skipPieces = leading ? Infinity : 0;
    if (!leading) print('', line, 0, line.length);
  };
  const piece = (buf: Buffer, start: number, end: number) => {
    if (skipPieces > 0) return void skipPieces--;
    o.window?.printedPiece(end - start === MAX_LINE);
    print(lineTimestamp, buf, start, end);
  };
  /** `at`: where the message starts; the line is full if it began MAX_LINE bytes before `end` */
  const stamped = (buf: Buffer, start: number, at: number, end: number, timestamp: string) => {
    timestamped = true;
    leading = false;
    lineTimestamp = timestamp;
    skipPieces = o.reopen ? o.reopen.printedBefore(timestamp, buf, at, end) : 0;
    if (skipPieces > 0) return void skipPieces--;
    o.window?.printed(timestamp, buf, end - start === MAX_LINE, at, end);
    print(timestamp, buf, at, end);
  };
  return {
    line: (buf, start, end, continued) => {
      if (held) release(held);
      if (continued) return piece(buf, start, end);
      if (!o.timestamps) return print('', buf, start, end);
      const sp = timestampEnd(buf, start, end);
      if (sp >= 0) return stamped(buf, start, sp + 1, end, buf.toString('latin1', start, sp));
      if (o.limitBytes) print('', buf, start, end);
      // held until the next line tells what it is: its own view (the chunk goes on being read)
      else held = buf.subarray(start, end);
    },
    end: () => {
      const last = held;
      held = undefined;
      if (last && timestamped) return new Error(last.toString('utf8').trim());
      if (last) print('', last, 0, last.length);
      return undefined;
    },
  };
}
