#!/usr/bin/env node
// CommonJS (bin/package.json): an ES entry point starts Node's ES module loader, which this
// one-file start-up does not need and which cost a few milliseconds of every run.
//
// ktail is a long-running stream of short-lived lines: V8's young generation, left to grow
// to 16 MB semi-spaces at startup, was a third of its memory at 1,000 streams, and keeping
// it at its initial size cost no measurable CPU (npm run bench: rss and throughput). What
// does reach the old generation is mostly garbage by the next full collection, so that
// generation grows by a quarter between collections (V8 lets it grow several times over):
// once lines made little garbage, this cost no measurable CPU (bench/NOTES.md).
'use strict';
const { setFlagsFromString } = require('node:v8');
const { join } = require('node:path');
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=25');
const { codeCacheDir, runWithCodeCache } = require('../dist/bundle/start.cjs');
runWithCodeCache(join(__dirname, '../dist/bundle/cli.cjs'), process.env.KTAIL_CODE_CACHE === 'off' ? undefined : codeCacheDir());
