// The parts of @kubernetes/client-node ktail runs: kubeconfig loading, auth and TLS
// (KubeConfig) and its Watch. Imported from their own modules, not the package's index, so
// that the bundle leaves out its generated API classes and models (scripts/bundle.mjs),
// which ktail does not use and which were most of its start-up (bench/NOTES.md).
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { Watch } from '@kubernetes/client-node/dist/watch.js';
