// Bundles the compiled CLI (dist/cli.js) and its dependencies into one CommonJS file,
// dist/bundle/cli.cjs: node then reads one file instead of resolving and parsing the many
// modules of @kubernetes/client-node, and bin/ktail.js can hand it to vm.Script with a V8 code
// cache (src/startup/codeCache.ts), which Node 20 offers for scripts, not for ES modules.
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

/**
 * Node modules an ordinary run never calls, required only when first used: client-node,
 * commander and node-fetch require them at load (exec auth, gzip, proxies, prompts), and
 * loading them was a few milliseconds of every start-up (bench/NOTES.md). Each stands in as
 * an object of getters onto the real module (esbuild's interop copies getters as getters).
 * A plain function is handed out as a stand-in that calls the real one, since client-node
 * keeps `spawn` at construction; a class or an object loads the module when read.
 */
const LAZY_BUILTINS = ['child_process', 'dns', 'readline', 'zlib'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = await import(`node:${args.path}`);
      const props = Object.keys(real)
        .filter((k) => k !== 'default')
        .map((k) => {
          const key = JSON.stringify(k);
          const plain = typeof real[k] === 'function' && /^[a-z]/.test(k) && !/^class\b/.test(Function.prototype.toString.call(real[k]));
          if (!plain) return `${key}: { get: () => load()[${key}], enumerable: true }`;
          return `${key}: { value: function ${k}(...a) { return load()[${key}].apply(this, a); }, enumerable: true }`;
        });
      return {
        loader: 'js',
        contents: `let m; const load = () => (m ??= require('node:${args.path}'));
module.exports = Object.defineProperties({}, { ${props.join(',\n')} });`,
      };
    });
  },
};

// what an earlier build left would be packed
rmSync('dist/bundle', { recursive: true, force: true });
const esm = 'dist/bundle-esm';
rmSync(esm, { recursive: true, force: true });

// Two passes: esbuild tree-shakes ES modules split into chunks, but not those it wraps to be
// initialised on first use, which a single CommonJS file makes of everything cli.ts imports
// lazily (client-node's generated classes came back; bench/NOTES.md). So the ES
// modules are shaken first, then joined into one file.
await build({
  entryPoints: { cli: 'dist/cli.js' },
  outdir: esm,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [leaveOut, lazyBuiltins],
});
/** One CommonJS file in dist/bundle: what bin/ktail.js, itself CommonJS, requires. */
const commonJs = {
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};
await build({
  ...commonJs,
  entryPoints: { cli: `${esm}/cli.js` },
  minify: true,
  // options/flags.ts finds package.json from its own URL
  define: { 'import.meta.url': '__ktailUrl' },
  banner: { js: "const __ktailUrl = require('node:url').pathToFileURL(__filename).href;" },
});
rmSync(esm, { recursive: true, force: true });
// bin/ktail.js is CommonJS, so the code cache's runner that starts the bundle is too
await build({ ...commonJs, entryPoints: { start: 'dist/startup/codeCache.js' } });
