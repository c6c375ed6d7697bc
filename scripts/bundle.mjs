// Bundles the compiled CLI (dist/cli.js) and its dependencies into dist/bundle/: node then
// reads a few files instead of resolving and parsing the many modules of
// @kubernetes/client-node, which were most of ktail's time to its first line (bench/NOTES.md).
// The lazy imports in cli.ts stay separate chunks, so --help and completion load less.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'dist/cli.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  // CommonJS dependencies require() node built-ins, which ESM output has no require for
  banner: { js: "import { createRequire as __ktailRequire } from 'node:module'; const require = __ktailRequire(import.meta.url);" },
});
