// The V8 code cache bin/ktail.js starts the bundle with: each case runs a fresh node, as a user's
// start would, since a cache is only ever read by the next process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const LOADER = fileURLToPath(new URL('../../src/startup/codeCache.ts', import.meta.url));
const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));

function bundle(text = 'hi'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-cc-bundle-'));
  const file = join(dir, 'cli.cjs');
  writeFileSync(
    file,
    `const { basename } = require('node:path');
     function greet(name) { return '${text} ' + name; }
     module.exports.greeting = greet(basename(__filename));
     process.stdout.write(module.exports.greeting + '\\n');`,
  );
  return file;
}

// a file, not -e: the code's text would be part of execArgv, and so of the cache's key
const DRIVER = join(mkdtempSync(join(tmpdir(), 'ktail-cc-driver-')), 'start.mjs');
writeFileSync(
  DRIVER,
  `import { runWithCodeCache } from ${JSON.stringify(LOADER)};
   const [file, dir, stayMs] = process.argv.slice(2);
   runWithCodeCache(file, dir || undefined).settled.then((use) => process.stderr.write(use));
   setTimeout(() => {}, Number(stayMs));`,
);

/** One start: the module's output, and what became of the cache (stderr). */
function start(file: string, dir: string | undefined, stayMs = 0) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', DRIVER, file, dir ?? '', String(stayMs)], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, use: r.stderr };
}

const cacheFiles = (dir: string) => readdirSync(dir).map((name) => join(dir, name));
const kind = (path: string) => String.fromCharCode(readFileSync(path)[19] ?? 0);

test('the first start writes a cache, the next ones run from it and print the same', () => {
  const file = bundle();
  const dir = join(mkdtempSync(join(tmpdir(), 'ktail-cc-')), 'code-cache');
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'written' });
  const [cache, ...more] = cacheFiles(dir);
  assert.ok(cache && more.length === 0);
  assert.equal(kind(cache), 'P', 'a short run leaves a partial cache');
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'used' });
  // a run that lasts past the write delay replaces a partial cache with a whole one, once
  assert.deepEqual(start(file, dir, 2500), { stdout: 'hi cli.cjs\n', use: 'used' });
  assert.equal(kind(cache), 'W');
  const written = readFileSync(cache);
  assert.deepEqual(start(file, dir, 2500), { stdout: 'hi cli.cjs\n', use: 'used' });
  assert.ok(readFileSync(cache).equals(written), 'a whole cache is not written again');
});

test('a damaged cache is never handed to V8: the start runs compiled afresh and writes a good one', () => {
  const file = bundle();
  const dir = mkdtempSync(join(tmpdir(), 'ktail-cc-'));
  start(file, dir);
  const [cache] = cacheFiles(dir);
  assert.ok(cache);
  const good = readFileSync(cache);
  const damaged = Buffer.from(good);
  for (let i = 200; i < damaged.length; i += 97) damaged[i] = (damaged[i] ?? 0) ^ 0x5a;
  writeFileSync(cache, damaged);
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'written' });
  assert.equal(readFileSync(cache).length, good.length);
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'used' });
});

test('a cache V8 refuses (intact, but not code it made) is replaced', () => {
  const file = bundle();
  const dir = mkdtempSync(join(tmpdir(), 'ktail-cc-')); // a cache of the same key with other code
  start(file, dir);
  const [cache] = cacheFiles(dir);
  assert.ok(cache);
  start(bundle('hello'), dir);
  const other = cacheFiles(dir).find((path) => path !== cache) ?? '';
  writeFileSync(cache, readFileSync(other));
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'rejected' });
  assert.deepEqual(start(file, dir), { stdout: 'hi cli.cjs\n', use: 'used' });
});

test('another bundle gets its own cache; caches of older builds are pruned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-cc-'));
  for (const text of ['a', 'b', 'c', 'd', 'e', 'f']) assert.equal(start(bundle(text), dir).stdout, `${text} cli.cjs\n`);
  assert.equal(cacheFiles(dir).length, 4);
});

test('a cache directory that cannot be written changes nothing but the time', () => {
  const file = bundle();
  const readOnly = mkdtempSync(join(tmpdir(), 'ktail-cc-'));
  chmodSync(readOnly, 0o500);
  const under = process.getuid?.() === 0 ? join(file, 'not-a-dir') : join(readOnly, 'code-cache');
  assert.deepEqual(start(file, under), { stdout: 'hi cli.cjs\n', use: 'unwritable' });
  assert.deepEqual(start(file, undefined), { stdout: 'hi cli.cjs\n', use: 'off' });
});

test('bin/ktail.js keeps its cache under XDG_CACHE_HOME, none with KTAIL_CODE_CACHE=off', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [KTAIL, '--version'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  const off = mkdtempSync(join(tmpdir(), 'ktail-cc-'));
  const first = run({ XDG_CACHE_HOME: off, KTAIL_CODE_CACHE: 'off' });
  assert.equal(first.status, 0, first.stderr);
  assert.deepEqual(readdirSync(off), []);
  const on = mkdtempSync(join(tmpdir(), 'ktail-cc-'));
  for (let i = 0; i < 2; i++) {
    const r = run({ XDG_CACHE_HOME: on });
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, first.stdout, '']);
  }
  assert.equal(cacheFiles(join(on, 'ktail', 'code-cache')).length, 1);
});
