// Log-like text for the measured lines where the length and shape of a line matter (the line
// filters scan all of it): logfmt of an HTTP server, as long as a real one, varied by the sequence number
// so that no two neighbouring lines are alike. Never contains "debug" or "healthz" in any case.
import { appendFileSync } from 'node:fs';
import { criLine } from '../scripts/devcluster/index.js';
import { measuredLine, type Stream } from './lines.js';

const LEVELS = ['info', 'info', 'warn', 'info', 'error'];
const METHODS = ['GET', 'POST', 'GET', 'PUT'];
const ROUTES = ['/api/v1/orders', '/api/v1/users', '/api/v2/cart/items', '/internal/metrics'];
const STATUS = [200, 200, 201, 404, 200, 503];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The text after the measured token of line `seq`. */
export function logText(seq: number): string {
  const ts = `2026-12-01T23:${pad(Math.floor(seq / 60) % 60, 2)}:${pad(seq % 60, 2)}.${pad((seq * 37) % 1000, 3)}Z`;
  const requestId = ((seq * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return (
    `ts=${ts} level=${LEVELS[seq % LEVELS.length]} caller=server/http.go:${118 + (seq % 7)} msg="request served" ` +
    `method=${METHODS[seq % METHODS.length]} path=${ROUTES[seq % ROUTES.length]}/${(seq * 7919) % 100_000} ` +
    `status=${STATUS[seq % STATUS.length]} bytes=${(seq * 31) % 65_536} duration=${(seq % 997) / 10}ms req=${requestId}`
  );
}

/** A whole measured line: the token the bench counts, a space, the log text. */
export const logLine = (tag: string, stream: number, seq: number) => `${measuredLine(tag, stream, seq)} ${logText(seq)}`;

/** `perStream` log-like lines on every stream, as fast as the harness writes them (500-line batches, streams interleaved). */
export async function emitLogLines(streams: Stream[], tag: string, perStream: number): Promise<void> {
  await Promise.all(
    streams.map(async (s, i) => {
      for (let first = 1; first <= perStream; first += 500) {
        let chunk = '';
        for (let seq = first; seq < first + 500 && seq <= perStream; seq++) chunk += criLine(logLine(tag, i, seq));
        appendFileSync(s.file, chunk);
        await new Promise((r) => setImmediate(r));
      }
    }),
  );
}
