// User regexes take Go's RE2 syntax (as stern's do) through every flag, and match in linear time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/shared/errors.js';
import { lineMatcher } from '../../src/filter/lines.js';
import { containerNameMatches } from '../../src/select/containers.js';
import { podMatches } from '../../src/select/pods.js';
import { parseOptions, type RawFlags } from '../../src/options/parse.js';
import { colors } from '../../src/output/colors.js';
import { formatter } from '../../src/output/formatter.js';
import { continuationRule } from '../../src/output/multiline.js';
import { textString } from '../../src/output/mux.js';
import type { LogLine, Target } from '../../src/shared/target.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const opts = (f: RawFlags, query?: string) => parseOptions(query, f, {});
/** the lines -i / -e keep */
const kept = (f: RawFlags, lines: string[]) => {
  const keep = lineMatcher(opts(f).output);
  return lines.filter((l) => keep?.(l) ?? true);
};

test('RE2 flags and classes: (?i), (?s), \\pL, [[:alpha:]], \\z, \\Q…\\E through -i', () => {
  assert.deepEqual(kept({ include: ['(?i)error'] }, ['an ERROR', 'an Error', 'fine', 'erro r']), ['an ERROR', 'an Error']);
  // (?s): . crosses the newline inside a --multiline record
  assert.deepEqual(kept({ include: ['(?s)begin.*end'] }, ['begin\nend', 'begin end']), ['begin\nend', 'begin end']);
  assert.deepEqual(kept({ include: ['begin.*end'] }, ['begin\nend', 'begin end']), ['begin end']);
  assert.deepEqual(kept({ include: ['^\\pL+$'] }, ['Größe', 'abc1', 'ünïcödé']), ['Größe', 'ünïcödé']);
  assert.deepEqual(kept({ include: ['^[[:alpha:]]+$'] }, ['abc', 'ab1', 'ABC']), ['abc', 'ABC']);
  assert.deepEqual(kept({ include: ['done\\z'] }, ['all done', 'done here', 'done\n']), ['all done']);
  assert.deepEqual(kept({ include: ['\\Qa.b*c\\E'] }, ['x a.b*c y', 'aXbbbc']), ['x a.b*c y']);
});

test('Go semantics where JS differs: $ and ^ without (?m) are the ends of the text; (?m) makes them lines; named groups (?P<n>)', () => {
  assert.deepEqual(kept({ include: ['^b$'] }, ['a\nb\nc', 'b']), ['b']);
  assert.deepEqual(kept({ include: ['(?m)^b$'] }, ['a\nb\nc', 'b']), ['a\nb\nc', 'b']);
  assert.deepEqual(kept({ include: ['(?P<code>5\\d\\d)'] }, ['status 503', 'status 200']), ['status 503']);
  // (?i) folds as Go does: k matches the Kelvin sign, s the long s
  assert.deepEqual(kept({ include: ['(?i)ks'] }, ['\u212A\u017F', 'KS', 'kx']), ['\u212A\u017F', 'KS']);
  assert.deepEqual(kept({ include: ['(?i)k[s]'] }, ['\u212A\u017F', 'KS', 'kx']), ['\u212A\u017F', 'KS']);
});

test('-e drops what matches; -i any of several; a literal is a literal', () => {
  assert.deepEqual(
    kept({ include: ['(?i)warn', 'ERROR'], exclude: ['(?i)healthz', 'x.y'] }, [
      'WARN a',
      'ERROR /HEALTHZ',
      'ERROR ok',
      'info',
      'warn xzy',
      'warn x.y',
    ]),
    ['WARN a', 'ERROR ok'],
  );
  assert.deepEqual(kept({ include: ['ERROR', '(?i)fail'] }, ['ERROR', 'error', 'FAIL', 'fa il', 'x-FaIl-y']), [
    'ERROR',
    'FAIL',
    'x-FaIl-y',
  ]);
});

test('pod query, --exclude-pod, -c, -E and --multiline take RE2 too', () => {
  const o = opts(
    { excludePod: ['(?i)CANARY'], container: '(?i)^APP', excludeContainer: ['\\Qapp.sidecar\\E'], multiline: '^\\pL' },
    '(?i)^WEB-',
  );
  const pod = (name: string) => podMatches({ metadata: { name } }, o.pods);
  assert.deepEqual(['web-1', 'Web-2', 'web-canary-1', 'api-1'].filter(pod), ['web-1', 'Web-2']);
  assert.deepEqual(
    ['app', 'App2', 'app.sidecar', 'appXsidecar', 'db'].filter((c) => containerNameMatches(c, o.containers)),
    ['app', 'App2', 'appXsidecar'],
  );
  assert.ok(o.output.multiline && o.output.multiline !== 'auto');
  const continues = continuationRule(o.output.multiline);
  assert.equal(continues('Élan starts', 'x'), false);
  assert.equal(continues('  at frame', 'x'), true);
});

test('lookahead, lookbehind and backreferences are refused as Go refuses them: a one-line usage error naming the flag', () => {
  const cases: [RawFlags, string | undefined, RegExp][] = [
    [
      { include: ['error(?=x)'] },
      undefined,
      /^invalid --include regex "error\(\?=x\)": error parsing regexp: invalid or unsupported Perl syntax: `\(\?=`$/,
    ],
    [{ exclude: ['(a)\\1'] }, undefined, /^invalid --exclude regex "\(a\)\\\\1": error parsing regexp: invalid escape sequence: `\\1`$/],
    [{ highlight: ['(?<=a)b'] }, undefined, /^invalid --highlight regex "\(\?<=a\)b": error parsing regexp: invalid named capture/],
    [{ excludePod: ['(?!x)'] }, undefined, /^invalid --exclude-pod regex/],
    [
      { container: 'a**' },
      undefined,
      /^invalid --container regex "a\*\*": error parsing regexp: invalid nested repetition operator: `\*\*`$/,
    ],
    [{ excludeContainer: ['a{1001}'] }, undefined, /^invalid --exclude-container regex .*invalid repeat count/],
    [
      { multiline: '(?i' },
      undefined,
      /^invalid --multiline regex .*missing closing \)|^invalid --multiline regex .*unsupported Perl syntax/,
    ],
    [{}, '(?<!a)web', /^invalid pod query regex/],
  ];
  for (const [flags, query, message] of cases) {
    assert.throws(
      () => opts(flags, query),
      (err: unknown) => err instanceof UsageError && !err.message.includes('\n') && message.test(err.message),
      JSON.stringify(flags),
    );
  }
});

test('the CLI: a lookahead is one line on stderr and exit 2, nothing on stdout', () => {
  const r = spawnSync(process.execPath, [KTAIL, '-i', 'a(?=b)', '--kubeconfig', '/nonexistent'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: '/nonexistent' },
  });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /invalid --include regex "a\(\?=b\)": error parsing regexp: invalid or unsupported Perl syntax/);
});

test('a hostile line against a catastrophic pattern completes (linear time): (a+)+$ on 50,000 a and a !', () => {
  const hostile = `${'a'.repeat(50_000)}!`;
  assert.deepEqual(kept({ include: ['(a+)+$'] }, [hostile, 'aaa']), ['aaa']);
  assert.deepEqual(kept({ exclude: ['(a|aa)+\\z'] }, [hostile]), [hostile]);
  assert.deepEqual(kept({ include: ['(x+x+)+y'] }, ['x'.repeat(50_000)]), []);
});

const target = { cluster: { name: 'c1' }, namespace: 'shop', pod: 'web-1', container: 'app' } as unknown as Target;
const line = (message: string): LogLine => ({ target, timestamp: '', message, bytes: Buffer.from(message) });
const highlighted = (f: RawFlags, message: string) => {
  const o = opts({ ...f, output: 'raw' }).output;
  const c = colors(true);
  const fmt = formatter(
    {
      format: 'default',
      showCluster: false,
      showNamespace: false,
      showPod: false,
      showContainer: false,
      timestamps: false,
      rawEscapes: true,
      tty: false,
      highlight: [...o.include, ...o.highlight],
      showTime: (t) => t,
    } as Parameters<typeof formatter>[0],
    c,
  );
  const out = textString(fmt(line(message)));
  return out.replace(/\u001b\[31;1m/g, '<').replace(/\u001b\[0;22m/g, '>');
};

test('-H paints RE2 matches; -i matches are painted too (as stern); the longer pattern wins where two start together; empty matches paint nothing', () => {
  assert.match(highlighted({ highlight: ['(?i)error'] }, 'Error and ERROR'), /<Error> and <ERROR>\n$/);
  assert.match(highlighted({ include: ['disk'], highlight: ['\\pL+ful+'] }, 'disk is full; awful'), /<disk> is full; <awful>\n$/);
  assert.match(highlighted({ highlight: ['err', 'error'] }, 'an error'), /an <error>\n$/);
  assert.match(highlighted({ highlight: ['x*'] }, 'axxb'), /a<xx>b\n$/);
  // (?i) of one pattern does not leak into the other
  assert.match(highlighted({ highlight: ['(?i)warn', 'info'] }, 'WARN INFO info'), /<WARN> INFO <info>\n$/);
});
