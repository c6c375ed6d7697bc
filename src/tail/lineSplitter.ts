// Bytes of a log stream → whole lines. Splits on \n only, so a multi-byte UTF-8 character
// cut across two chunks is joined again before anything decodes it. A line longer than
// maxLine is passed on in maxLine pieces, so one endless line cannot exhaust memory.
export interface LineSplitter {
  push(chunk: Buffer): void;
  /** passes on a last line that had no newline */
  end(): void;
}

const NEWLINE = 0x0a;

/** `continued`: this piece carries on a line already passed on in part (over maxLine). */
export function lineSplitter(onLine: (line: Buffer, continued: boolean) => void, maxLine = 1 << 20): LineSplitter {
  let parts: Buffer[] = [];
  let partLength = 0;
  let continued = false;
  const pass = (line: Buffer, more: boolean) => {
    onLine(line, continued);
    continued = more;
  };

  const takeRest = (tail: Buffer): Buffer => {
    const line = parts.length ? Buffer.concat([...parts, tail], partLength + tail.length) : tail;
    parts = [];
    partLength = 0;
    return line;
  };

  return {
    push(chunk) {
      let start = 0;
      let nl = chunk.indexOf(NEWLINE);
      while (nl !== -1) {
        const piece = chunk.subarray(start, nl);
        pass(partLength ? takeRest(piece) : piece, false);
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        parts.push(chunk.subarray(start));
        partLength += chunk.length - start;
        while (partLength > maxLine) {
          const all = takeRest(Buffer.alloc(0));
          pass(all.subarray(0, maxLine), true);
          if (all.length > maxLine) {
            parts = [all.subarray(maxLine)];
            partLength = all.length - maxLine;
          }
        }
      }
    },
    end() {
      if (partLength) pass(takeRest(Buffer.alloc(0)), false);
    },
  };
}
