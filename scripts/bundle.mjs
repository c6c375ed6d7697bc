// Bundles the compiled CLI (dist/cli.js) and its dependencies into dist/bundle/: node then
// reads a few files instead of resolving and parsing the many modules of
// @kubernetes/client-node, which were most of ktail's time to its first line (bench/NOTES.md).
// The lazy imports in cli.ts stay separate chunks, so --help and completion load less.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Code that ktail never runs, left out. client-node's generated models and API classes are
 * reached only through its index (src/kubeconfig/clientNode.ts imports past it), but their
 * modules declare classes with static fields, which esbuild keeps unless told they have no
 * side effects. node-fetch loads whatwg-url (and its Unicode tables, tr46) only as a fallback
 * for a Node without a global URL.
 */
const leaveOut = {
  name: 'leave-out-unused',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url' }));
    b.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      contents: 'export const URL = globalThis.URL; export default { URL };',
      loader: 'js',
    }));
    b.onResolve({ filter: /\/(models|apis|types)\// }, async (args) => {
      if (args.pluginData?.resolved || !/@kubernetes[/\\]client-node[/\\]dist[/\\]gen[/\\]/.test(args.importer)) return undefined;
      const r = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: { resolved: true },
      });
      return { ...r, sideEffects: false };
    });
  },
};

// chunks are named by their hash: those of an earlier build would stay and be packed
rmSync('dist/bundle', { recursive: true, force: true });

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
  plugins: [leaveOut],
  // CommonJS dependencies require() node built-ins, which ESM output has no require for
  banner: { js: "import { createRequire as __ktailRequire } from 'node:module'; const require = __ktailRequire(import.meta.url);" },
});
