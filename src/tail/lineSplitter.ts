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

/** `continued`: this piece carries on a line already passed on in part (over maxLine). */
export function lineSplitter(onLine: (line: Buffer, continued: boolean) => void, maxLine = MAX_LINE): LineSplitter {
  let parts: Buffer[] = [];
  let partLength = 0;
  let continued = false;

  /** passes on whole maxLine pieces of `line`; returns the rest */
  const cut = (line: Buffer): Buffer => {
    while (line.length > maxLine) {
      onLine(line.subarray(0, maxLine), continued);
      continued = true;
      line = line.subarray(maxLine);
    }
    return line;
  };

  const takeParts = (tail: Buffer): Buffer => {
    const line = parts.length ? Buffer.concat([...parts, tail], partLength + tail.length) : tail;
    parts = [];
    partLength = 0;
    return line;
  };

  const lineEnds = (line: Buffer) => {
    onLine(cut(line), continued);
    continued = false;
  };

  return {
    push(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, nl);
        lineEnds(partLength ? takeParts(piece) : piece);
        start = nl + 1;
      }
      if (start < chunk.length) {
        parts.push(chunk.subarray(start));
        partLength += chunk.length - start;
        if (partLength > maxLine) {
          const rest = cut(takeParts(EMPTY));
          if (rest.length) {
            parts = [rest];
            partLength = rest.length;
          }
        }
      }
    },
    end() {
      if (partLength) lineEnds(takeParts(EMPTY));
    },
  };
}
