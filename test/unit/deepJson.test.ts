// Log text is untrusted: a JSON line nested thousands deep (Go decodes up to 10,000 levels)
// used to overflow JS's stack in ktail's printers, and the error ended the read of the whole
// input. ktail --stdin as a user runs it: every line is printed, the deep one whole.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ENV, KTAIL } from './offlineFixture.js';

const nested = (d: number) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
const DEEP = `{"level":"info","a":${nested(9999)}}`;

const run = (input: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [KTAIL, '--stdin', ...args], {
    env: ENV,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 1 << 26,
  });
  return { code: r.status, lines: r.stdout.split('\n'), stderr: r.stderr };
};

test('-o pretty prints a field nested 9,999 deep whole, and the lines after it', () => {
  assert.deepEqual(run(`${DEEP}\nafter\n`, '-o', 'pretty', '--color', 'never'), {
    code: 0,
    lines: [`  INFO a=${nested(9999)}`, '  after', ''],
    stderr: '',
  });
});

test('--where compares a field nested 9,998 deep as its JSON text', () => {
  assert.deepEqual(run(`${DEEP}\n{"a":{"a":1}}\n`, '--where', 'a.a!=1', '-o', 'raw'), { code: 0, lines: [DEEP, ''], stderr: '' });
});

test('a template prints JSON nested 2,500 deep (prettyJSON), and the lines after it', () => {
  const arrays = `{"a":${'['.repeat(2499)}${']'.repeat(2499)}}`;
  // the length Go's json.MarshalIndent gives for it (stern's prettyJSON)
  assert.deepEqual(run(`${arrays}\nafter\n`, '--template', '{{len (prettyJSON .Message)}}{{"\\n"}}'), {
    code: 0,
    lines: ['12500005', '5', ''],
    stderr: '',
  });
});
