// Reading log files: a finished (rotated, maybe gzipped) file from start to end, and the
// live file through a handle kept open, so a rename (rotation) cannot take unread bytes away.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export type OnChunk = (chunk: Buffer) => Promise<void>;

/** big reads: the cost per read (and per chunk handed on) is paid per line otherwise */
const CHUNK = 256 * 1024;
const HEAD = 4096;

export async function readWhole(path: string, onChunk: OnChunk, stopped: () => boolean): Promise<void> {
  const consume = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      await onChunk(chunk);
      if (stopped()) return;
    }
  };
  if (path.endsWith('.gz')) await pipeline(createReadStream(path, { highWaterMark: CHUNK }), createGunzip({ chunkSize: CHUNK }), consume);
  else await pipeline(createReadStream(path, { highWaterMark: CHUNK }), consume);
}

export interface LiveFile {
  path: string;
  fh: FileHandle;
  /** identity of the opened file: a different inode at `path` means it was rotated away */
  ino: number;
  offset: number;
  /** the first bytes read, to recognise the file once the kubelet has compressed it */
  head: Buffer;
}

/** `from`: start at this offset if the file is the one with this inode (--tail) */
export async function openLive(path: string, from?: { ino: number; offset: number }): Promise<LiveFile> {
  const fh = await open(path, 'r');
  try {
    const { ino } = await fh.stat();
    const offset = from?.ino === ino ? from.offset : 0;
    // the head is the file's first bytes whatever is read: it recognises the file once compressed
    const head = Buffer.alloc(Math.min(HEAD, offset));
    if (head.length) await fh.read(head, 0, head.length, 0);
    return { path, fh, ino, offset, head };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Reads what was appended since the last call (up to the end as it is now). */
export async function drain(f: LiveFile, onChunk: OnChunk, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    const { size } = await f.fh.stat();
    // truncated in place (copytruncate rotation): what is there now is new
    if (size < f.offset) f.offset = 0;
    if (size === f.offset) return;
    // a fresh buffer per read: lines handed on may still point into it
    const buf = Buffer.allocUnsafe(Math.min(size - f.offset, CHUNK));
    const { bytesRead } = await f.fh.read(buf, 0, buf.length, f.offset);
    if (!bytesRead) return;
    if (f.head.length < HEAD) f.head = Buffer.concat([f.head, buf.subarray(0, Math.min(bytesRead, HEAD - f.head.length))]);
    f.offset += bytesRead;
    await onChunk(buf.subarray(0, bytesRead));
  }
}

/**
 * Whether a compressed file holds what was read through `f`: gzip's trailer gives the
 * uncompressed size (mod 2^32), and the first bytes must be the ones read first.
 */
export async function gzipHolds(path: string, size: number, head: Buffer): Promise<boolean> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    const { size: gzSize } = await fh.stat();
    if (gzSize < 18) return false;
    const trailer = Buffer.alloc(4);
    await fh.read(trailer, 0, 4, gzSize - 4);
    if (trailer.readUInt32LE(0) !== size % 2 ** 32) return false;
    let got = Buffer.alloc(0);
    for await (const chunk of fh.createReadStream({ autoClose: false }).pipe(createGunzip())) {
      got = Buffer.concat([got, chunk as Buffer]);
      if (got.length >= head.length) break;
    }
    return got.subarray(0, head.length).equals(head);
  } catch {
    return false;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
