#!/usr/bin/env node
// ktail is a long-running stream of short-lived lines: V8's young generation, left to grow
// to 16 MB semi-spaces at startup, was a third of its memory at 1,000 streams, and keeping
// it at its initial size cost no measurable CPU (npm run bench: rss and throughput). What
// does reach the old generation is mostly garbage by the next full collection, so that
// generation grows by a quarter between collections (V8 lets it grow several times over):
// once lines made little garbage, this cost no measurable CPU (bench/NOTES.md).
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=25');
const { codeCacheDir, runWithCodeCache } = await import('../dist/startup/codeCache.js');
runWithCodeCache(
  fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)),
  process.env.KTAIL_CODE_CACHE === 'off' ? undefined : codeCacheDir(),
);
