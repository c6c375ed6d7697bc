// The resume bookkeeping on its own: which sinceTime a dropped stream re-opens from, and which
// lines of the re-opened stream were printed already, on logs whose stdout and stderr
// timestamps are out of order (containerd, CRI-O).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESUME_WINDOW_MS, resumeWindow, type Reopen, type ResumeWindow } from '../../src/tail/resumePoint.js';

const NOW = Date.parse('2026-11-23T10:00:30Z');
/** 2026-11-23T10:00:SS.fffffffffZ from seconds with up to 9 decimals */
const ts = (s: number) => {
  const [whole = '0', frac = ''] = s.toFixed(9).split('.');
  return `2026-11-23T10:00:${whole.padStart(2, '0')}.${frac}Z`;
};

interface Line {
  ts: string;
  text: string;
}
const line = (s: number, text: string): Line => ({ ts: ts(s), text });

/** the text where it lies in a read chunk: after `before`, followed by more */
const inChunk = (before: string, text: string) => {
  const buf = Buffer.from(`${before}${text}\nmore`);
  return [buf, before.length, before.length + Buffer.byteLength(text)] as const;
};

function print(w: ResumeWindow, lines: Line[]): void {
  for (const l of lines) {
    const [buf, start, end] = inChunk('abc', l.text);
    w.printed(l.ts, buf, false, start, end);
  }
}

/** What a re-opened stream prints of the lines the kubelet sends again (whole lines, elsewhere in other chunks). */
function replay(r: Reopen, sent: Line[]): string[] {
  return sent.filter((l) => r.printedBefore(l.ts, ...inChunk('other bytes ', l.text)) === 0).map((l) => l.text);
}

/** The kubelet's side: every line stamped at or after sinceTime, in file order. */
const kubeletSends = (file: Line[], sinceTime: string) => file.filter((l) => l.ts >= sinceTime);

test('a stderr line stamped before the newest line printed, written after the drop, is not lost', () => {
  // file order; err-2 and err-4 are older than the stdout lines written before them
  const file = [line(10.5, 'out-1'), line(10.2, 'err-2'), line(10.6, 'out-3'), line(10.3, 'err-4'), line(10.7, 'out-5')];
  const w = resumeWindow(undefined, NOW);
  print(w, file.slice(0, 3)); // the stream drops after out-3
  const r = w.reopen();
  assert.equal(r.sinceTime, ts(10.6 - RESUME_WINDOW_MS / 1000), 'W before the newest timestamp printed');
  assert.deepEqual(replay(r, kubeletSends(file, r.sinceTime)), ['err-4', 'out-5']);
});

test('equal timestamps: the printed ones are skipped, a new one with the same timestamp is printed', () => {
  const file = [line(11, 'a'), line(11, 'b'), line(11, 'c'), line(9.5, 'old-stderr')];
  const w = resumeWindow(undefined, NOW);
  print(w, file.slice(0, 2));
  const r = w.reopen();
  assert.deepEqual(replay(r, kubeletSends(file, r.sinceTime)), ['c', 'old-stderr']);
});

test('the same text at the same timestamp twice, once printed: the second copy is printed', () => {
  const file = [line(12, 'same'), line(12, 'same'), line(12.5, 'next')];
  const w = resumeWindow(undefined, NOW);
  print(w, file.slice(0, 1));
  assert.deepEqual(replay(w.reopen(), file), ['same', 'next']);
});

test('lines the apiserver sends from before sinceTime (it truncates to the second) are dropped', () => {
  const w = resumeWindow(undefined, NOW);
  print(w, [line(5.1, 'a'), line(8.9, 'b')]);
  const r = w.reopen();
  assert.equal(r.sinceTime, ts(6.9));
  assert.equal(r.printedBefore(ts(6.2), Buffer.from('a-twin')), Infinity);
  assert.equal(r.printedBefore(ts(8.9), Buffer.from('b')), Infinity);
  assert.equal(r.printedBefore(ts(9), Buffer.from('c')), 0);
});

test('only the last W of printed lines is kept, and a skew up to W is still covered', () => {
  const w = resumeWindow(undefined, NOW);
  const file: Line[] = [];
  for (let i = 0; i < 2000; i++) file.push(line(1 + i * 0.01, `l${i}`)); // 20 s of lines
  print(w, file);
  const r = w.reopen();
  const sent = [...kubeletSends(file, r.sinceTime), line(20.99 - 1.9, 'late-stderr'), line(21, 'new')];
  assert.deepEqual(replay(r, sent), ['late-stderr', 'new']);
});

test('a stream that printed nothing re-opens from its floor (the time it was opened, or --since)', () => {
  assert.equal(resumeWindow('2026-11-23T10:00:20.000Z', NOW).reopen().sinceTime, '2026-11-23T10:00:20.000000000Z');
  assert.equal(resumeWindow(undefined, NOW).reopen().sinceTime, '', 'no floor: the whole log again');
  const w = resumeWindow('2026-11-23T10:00:20.000Z', NOW);
  print(w, [line(20.5, 'x')]);
  assert.equal(w.reopen().sinceTime, '2026-11-23T10:00:20.000000000Z', 'never before the floor: lines before the tail stay unshown');
});

test('a line printed in part (over the line limit) when the stream dropped: only its remaining pieces are printed', () => {
  const w = resumeWindow(undefined, NOW);
  print(w, [line(14, 'before')]);
  w.printed(ts(10), Buffer.from('piece-1'), true); // a long stderr line, stamped 4 s earlier
  w.printedPiece(true);
  const r = w.reopen();
  assert.ok(r.sinceTime <= ts(10), `${r.sinceTime} reaches back to the long line`);
  assert.equal(r.printedBefore(ts(10), Buffer.from('piece-1')), 2, 'two pieces printed: skip them, print the rest');
  assert.equal(r.printedBefore(ts(14), Buffer.from('before')), Infinity);
});

test('a long line printed whole before the drop is skipped whole', () => {
  const w = resumeWindow(undefined, NOW);
  w.printed(ts(10), Buffer.from('piece-1'), true);
  w.printedPiece(false);
  print(w, [line(10.5, 'after')]);
  assert.equal(w.reopen().printedBefore(ts(10), Buffer.from('piece-1')), Infinity);
});

test('rotated while dropped: the lines printed from the old file are not sent again, none of the new file is skipped', () => {
  const old = [line(15, 'a1'), line(15.1, 'a2')];
  const w = resumeWindow(undefined, NOW);
  print(w, old);
  print(w, [line(15.2, 'b1')]); // the first line of the new file
  const r = w.reopen();
  assert.deepEqual(replay(r, [line(15.2, 'b1'), line(15.05, 'b2-stderr'), line(15.3, 'b3')]), ['b2-stderr', 'b3']);
  const r2 = w.reopen();
  assert.deepEqual(
    replay(r2, [line(15.25, 'c1'), line(15.2, 'b1-twin-time')]),
    ['c1', 'b1-twin-time'],
    'nothing of the window sent: all printed',
  );
});

test('after the repeats, a line equal to one printed long ago is printed', () => {
  const w = resumeWindow(undefined, NOW);
  print(w, [line(16, 'x'), line(16.1, 'y')]);
  const r = w.reopen();
  assert.deepEqual(replay(r, [line(16, 'x'), line(16.1, 'y'), line(19, 'z'), line(16.2, 'w')]), ['z', 'w']);
});

test('re-opening twice in a row gives the same answer (a drop before the first line)', () => {
  const w = resumeWindow(undefined, NOW);
  print(w, [line(17, 'p'), line(16.5, 'q')]);
  const first = w.reopen();
  const second = w.reopen();
  assert.equal(first.sinceTime, second.sinceTime);
  assert.deepEqual(replay(second, [line(17, 'p'), line(16.5, 'q'), line(16.6, 'r')]), ['r']);
});

test('timestamps with an offset or fewer digits compare by value', () => {
  const w = resumeWindow(undefined, NOW);
  w.printed('2026-11-23T11:00:18.5+01:00', Buffer.from('zoned'), false);
  const r = w.reopen();
  assert.equal(r.sinceTime, ts(16.5));
  assert.equal(r.printedBefore(ts(18.5), Buffer.from('zoned')), Infinity);
  assert.equal(r.printedBefore('2026-11-23T10:00:18.6Z', Buffer.from('n')), 0);
});

test('once a new line followed the repeats, a later line equal to a printed one is new too', () => {
  const w = resumeWindow(undefined, NOW);
  print(w, [line(18, 'a'), line(18.1, 'b')]);
  // rotated: only b is in the file read again; the runtime later writes an exact copy of a
  assert.deepEqual(replay(w.reopen(), [line(18.1, 'b'), line(18.2, 'c'), line(18, 'a')]), ['c', 'a']);
});
