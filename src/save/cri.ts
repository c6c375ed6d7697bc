// A line as the kubelet's CRI log file holds it: `<RFC3339Nano> <stream> <P|F> <text>`, a
// text over the runtime's limit cut into P pieces ended by an F one (offline/entries.ts
// joins them again). The pods/log API merges stdout and stderr without saying which a line
// came from, so every saved line says stdout.
const NL = Buffer.from('\n');
const STREAM_F = ' stdout F ';

/** the common case in one buffer: most lines are far below the limit */
function whole(timestamp: string, text: Buffer): Buffer {
  const headLength = timestamp.length + STREAM_F.length;
  const out = Buffer.allocUnsafe(headLength + text.length + 1);
  out.write(timestamp, 0, 'latin1');
  out.write(STREAM_F, timestamp.length, 'latin1');
  text.copy(out, headLength);
  out[out.length - 1] = 0x0a;
  return out;
}

/** containerd's and CRI-O's default max_container_log_line_size */
export const CRI_PIECE = 16 * 1024;

export function criEntry(timestamp: string, text: Buffer, piece = CRI_PIECE): Buffer {
  if (text.length <= piece) return whole(timestamp, text);
  const head = (tag: 'P' | 'F') => Buffer.from(`${timestamp} stdout ${tag} `, 'latin1');
  const parts: Buffer[] = [];
  let at = 0;
  while (text.length - at > piece) {
    parts.push(head('P'), text.subarray(at, at + piece), NL);
    at += piece;
  }
  parts.push(head('F'), text.subarray(at), NL);
  return Buffer.concat(parts);
}
