// Bytes of a log stream → whole lines. Splits on \n only, so a multi-byte UTF-8 character
// cut across two chunks is joined again before anything decodes it. A line longer than
// maxLine is passed on in pieces of at most maxLine bytes, so one endless line cannot
// exhaust memory.
export interface LineSplitter {
  push(chunk: Buffer): void;
  /** passes on a last line that had no newline */
  end(): void;
}

/** The longest line passed on whole; longer ones come in pieces of this size. */
export const MAX_LINE = 1 << 20;

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/**
 * A line as `buf[start, end)`: a line inside one chunk is handed on as where it lies in the
 * chunk, not as a Buffer of its own (a view per line is most of a fast stream's garbage).
 * `buf` is the chunk as pushed, or a fresh Buffer for a line that crossed chunks.
 */
export type OnSpan = (buf: Buffer, start: number, end: number, continued: boolean) => void;

/** `continued`: this piece carries on a line already passed on in part (over maxLine). */
export function spanSplitter(onSpan: OnSpan, maxLine = MAX_LINE): LineSplitter {
  let parts: Buffer[] = [];
  let partLength = 0;
  let continued = false;

  /** passes on whole maxLine pieces of `line`; returns where the rest starts */
  const cut = (line: Buffer, start: number, end: number): number => {
    for (; end - start > maxLine; start += maxLine) {
      onSpan(line, start, start + maxLine, continued);
      continued = true;
    }
    return start;
  };

  const takeParts = (tail: Buffer): Buffer => {
    const line = Buffer.concat([...parts, tail], partLength + tail.length);
    parts = [];
    partLength = 0;
    return line;
  };

  const lineEnds = (line: Buffer, start: number, end: number) => {
    onSpan(line, cut(line, start, end), end, continued);
    continued = false;
  };

  return {
    push(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        if (partLength) {
          const line = takeParts(chunk.subarray(start, nl));
          lineEnds(line, 0, line.length);
        } else lineEnds(chunk, start, nl);
        start = nl + 1;
      }
      if (start < chunk.length) {
        parts.push(chunk.subarray(start));
        partLength += chunk.length - start;
        if (partLength > maxLine) {
          const line = takeParts(EMPTY);
          const rest = cut(line, 0, line.length);
          if (rest < line.length) {
            parts = [line.subarray(rest)];
            partLength = line.length - rest;
          }
        }
      }
    },
    end() {
      if (!partLength) return;
      const line = takeParts(EMPTY);
      lineEnds(line, 0, line.length);
    },
  };
}

/** Each line as a Buffer of its own (a view into the chunk where it can be). */
export function lineSplitter(onLine: (line: Buffer, continued: boolean) => void, maxLine = MAX_LINE): LineSplitter {
  return spanSplitter(
    (buf, start, end, continued) => onLine(start === 0 && end === buf.length ? buf : buf.subarray(start, end), continued),
    maxLine,
  );
}
