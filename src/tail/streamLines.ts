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
import { splitTimestamp } from './timestamps.js';

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
  /** a line from lineSplitter; `continued`: another piece of a line over MAX_LINE */
  line(raw: Buffer, continued: boolean): void;
  /** the stream ended: the error the kubelet wrote at its end, if it wrote one */
  end(): Error | undefined;
}

export function streamLines(o: StreamLinesOptions, print: (timestamp: string, message: Buffer) => void): StreamLines {
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
    if (!leading) print('', line);
  };
  const piece = (raw: Buffer) => {
    if (skipPieces > 0) return void skipPieces--;
    o.window?.printedPiece(raw.length === MAX_LINE);
    print(lineTimestamp, raw);
  };
  const stamped = (raw: Buffer, timestamp: string, message: Buffer) => {
    timestamped = true;
    leading = false;
    lineTimestamp = timestamp;
    skipPieces = o.reopen ? o.reopen.printedBefore(timestamp, message) : 0;
    if (skipPieces > 0) return void skipPieces--;
    o.window?.printed(timestamp, message, raw.length === MAX_LINE);
    print(timestamp, message);
  };
  return {
    line: (raw, continued) => {
      if (held) release(held);
      if (continued) return piece(raw);
      if (!o.timestamps) return print('', raw);
      const { timestamp, message } = splitTimestamp(raw);
      if (timestamp) return stamped(raw, timestamp, message);
      if (o.limitBytes) print('', raw);
      else held = raw;
    },
    end: () => {
      const last = held;
      held = undefined;
      if (last && timestamped) return new Error(last.toString('utf8').trim());
      if (last) print('', last);
      return undefined;
    },
  };
}
