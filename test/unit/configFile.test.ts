import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { UsageError } from '../../src/shared/errors.js';
import { applyConfig, configPath } from '../../src/options/configFile.js';

const dir = mkdtempSync(join(tmpdir(), 'ktail-config-'));
let files = 0;

function configFile(yaml: string): string {
  const path = join(dir, `config-${++files}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The same kinds of options as ktail's program(). */
function program(): Command {
  return new Command('ktail')
    .argument('[query]')
    .option('-n, --namespace <ns>', 'namespace, repeatable', collect)
    .option('--tail <n>', 'lines of recent log to start with, -1 for all', '-1')
    .option('-q, --quiet', 'no +/- markers on stderr')
    .option('--follow', 'keep following (the default)')
    .option('--no-follow', 'print the logs there are and exit')
    .option('--init-containers [bool]', 'include init containers (default true)')
    .option('--no-init-containers', 'exclude init containers')
    .option('--config <file>', 'config file')
    .exitOverride();
}

function run(args: string[], yaml: string) {
  const cmd = program();
  cmd.parse(args, { from: 'user' });
  applyConfig(cmd, configFile(yaml));
  return { opts: cmd.opts(), source: (key: string) => cmd.getOptionValueSource(key) };
}

function usageError(fn: () => unknown, ...parts: (string | RegExp)[]) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UsageError, `UsageError, got ${String(err)}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(err.message.includes(p), `${JSON.stringify(err.message)} should name ${p}`);
      else assert.match(err.message, p);
    }
    assert.equal(err.message.split('\n').length, 1, `one line: ${err.message}`);
    return true;
  });
}

test('config values apply to flags not given on the command line', () => {
  const { opts, source } = run([], 'namespace: [shop, billing]\ntail: 10\nquiet: true\nfollow: false\ninit-containers: false\n');
  assert.deepEqual(opts.namespace, ['shop', 'billing']);
  assert.equal(opts.tail, '10');
  assert.equal(opts.quiet, true);
  assert.equal(opts.follow, false);
  assert.equal(opts.initContainers, false);
  assert.equal(source('tail'), 'config');
});

test('a flag given on the command line wins over the config file', () => {
  const yaml = 'namespace: [shop]\ntail: 10\nfollow: true\ninit-containers: false\n';
  const { opts } = run(['-n', 'dev', '--tail', '5', '--no-follow', '--init-containers'], yaml);
  assert.deepEqual(opts.namespace, ['dev']);
  assert.equal(opts.tail, '5');
  assert.equal(opts.follow, false);
  assert.equal(opts.initContainers, true);
});

test('a flag left at its default takes the config value; others keep their defaults', () => {
  assert.equal(run([], 'quiet: true\n').opts.tail, '-1');
  assert.equal(run(['--quiet'], 'tail: 0\n').opts.tail, '0');
});

test('an empty config file changes nothing', () => {
  const { opts } = run([], '# nothing yet\n');
  assert.equal(opts.tail, '-1');
  assert.equal(opts.namespace, undefined);
});

test('a scalar for a repeatable option becomes a one-element list; numbers become strings', () => {
  assert.deepEqual(run([], 'namespace: shop\n').opts.namespace, ['shop']);
  assert.deepEqual(run([], 'namespace: [shop, 42]\n').opts.namespace, ['shop', '42']);
  assert.equal(run([], 'tail: 100\n').opts.tail, '100');
});

test('--init-containers takes a boolean or a string value from the config', () => {
  assert.equal(run([], 'init-containers: true\n').opts.initContainers, true);
  assert.equal(run([], 'init-containers: "false"\n').opts.initContainers, 'false');
});

test('an unknown key names the key and the file', () => {
  const path = configFile('tail: 10\nnamespaces: [shop]\n');
  usageError(() => applyConfig(program().parse([], { from: 'user' }), path), '"namespaces"', path);
});

test('keys are long flag names: short names, camelCase and --config itself are refused', () => {
  for (const key of ['n', 'initContainers', 'config']) {
    const path = configFile(`${key}: x\n`);
    usageError(() => applyConfig(program().parse([], { from: 'user' }), path), `"${key}"`, path);
  }
});

test('a value of the wrong type names the key', () => {
  const cases: [string, string][] = [
    ['tail: [1, 2]\n', '"tail"'],
    ['tail: {a: 1}\n', '"tail"'],
    ['quiet: "yes"\n', '"quiet"'],
    ['follow: 1\n', '"follow"'],
    ['namespace: [shop, [nested]]\n', '"namespace"'],
  ];
  for (const [yaml, key] of cases) {
    const path = configFile(yaml);
    usageError(() => applyConfig(program().parse([], { from: 'user' }), path), key, path);
  }
});

test('malformed YAML is a one-line usage error naming the file', () => {
  for (const yaml of ['tail: [1, 2\nquiet: true\n', 'tail: 1\n  quiet: true\n', 'a: b: c\n']) {
    const path = configFile(yaml);
    usageError(() => applyConfig(program().parse([], { from: 'user' }), path), `config file ${path}: `, /\(\d+:\d+\)$/);
  }
});

test('a config file that is not a mapping says what is expected', () => {
  for (const yaml of ['- tail\n- 10\n', 'just text\n']) {
    const path = configFile(yaml);
    usageError(() => applyConfig(program().parse([], { from: 'user' }), path), path, /tail: 10/);
  }
});

test('configPath: --config or KTAIL_CONFIG must exist', () => {
  const missing = join(dir, 'missing.yaml');
  usageError(() => configPath(missing, { HOME: dir }), missing, /does not exist/);
  usageError(() => configPath(undefined, { HOME: dir, KTAIL_CONFIG: missing }), missing);
  const present = configFile('tail: 1\n');
  assert.equal(configPath(present, { HOME: dir }), present);
  assert.equal(configPath(undefined, { HOME: dir, KTAIL_CONFIG: present }), present);
});

test('configPath: the default file may be absent', () => {
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  assert.equal(configPath(undefined, { HOME: home }), undefined);
  assert.equal(configPath(undefined, { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') }), undefined);
});

test('configPath: the default file is found under XDG_CONFIG_HOME, else ~/.config', () => {
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  mkdirSync(join(home, '.config', 'ktail'), { recursive: true });
  writeFileSync(join(home, '.config', 'ktail', 'config.yaml'), 'tail: 1\n');
  mkdirSync(join(home, 'xdg', 'ktail'), { recursive: true });
  writeFileSync(join(home, 'xdg', 'ktail', 'config.yaml'), 'tail: 2\n');
  assert.equal(configPath(undefined, { HOME: home }), join(home, '.config', 'ktail', 'config.yaml'));
  assert.equal(configPath(undefined, { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') }), join(home, 'xdg', 'ktail', 'config.yaml'));
});

test('configPath: an empty XDG_CONFIG_HOME counts as unset (XDG base directory spec)', () => {
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  mkdirSync(join(home, '.config', 'ktail'), { recursive: true });
  writeFileSync(join(home, '.config', 'ktail', 'config.yaml'), 'tail: 1\n');
  assert.equal(configPath(undefined, { HOME: home, XDG_CONFIG_HOME: '' }), join(home, '.config', 'ktail', 'config.yaml'));
});
