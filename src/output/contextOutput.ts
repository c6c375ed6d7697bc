// How context lines look in each format. Text formats (default, pretty, raw) print grep's
// `--` between a stream's groups, after the stream's prefix so that it is clear whose group
// ended when streams interleave; JSON formats mark context lines with "context": true and
// print no separator; a user's template renders context lines as any line, no separator.
import type { LogLine } from '../shared/target.js';
import type { Colors } from './colors.js';
import type { FormatOptions, OutputFormat } from './formatter.js';
import { prefixOf } from './prefix.js';
import { textString, type Text } from './mux.js';

export interface ContextOutput {
  /** the separator line, or undefined where the format has none */
  separator(line: LogLine): string | undefined;
  /** a context line's formatted text, marked where the format can say so */
  mark(text: Text): Text;
}

/** inserts `field` before the record's own closing brace (`end`: how it is written), the last one */
const beforeLastBrace =
  (field: string, end = '}') =>
  (text: Text) => {
    const s = textString(text);
    const at = s.lastIndexOf(end);
    return at < 0 ? s : `${s.slice(0, at)}${field}${s.slice(at)}`;
  };

const unmarked = (text: Text) => text;

export function contextOutput(o: FormatOptions, c: Colors): ContextOutput {
  const none = () => undefined;
  if (o.template !== undefined) return { separator: none, mark: unmarked };
  const prefixed = (line: LogLine) => `${prefixOf(line.target, o, c)}--\n`;
  const table: Record<OutputFormat, ContextOutput> = {
    default: { separator: prefixed, mark: unmarked },
    pretty: { separator: prefixed, mark: unmarked },
    raw: { separator: () => '--\n', mark: unmarked },
    json: { separator: none, mark: beforeLastBrace(',"context":true') },
    extjson: { separator: none, mark: beforeLastBrace(', "context": true') },
    ppextjson: { separator: none, mark: beforeLastBrace(',\n  "context": true', '\n}') },
  };
  return table[o.format];
}
