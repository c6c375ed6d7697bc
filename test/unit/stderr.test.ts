// What ktail says on stderr about failures: one description per failure (describeError),
// in words, and written by the reporter on exactly one line with untrusted text neutralised.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { CredentialsError, describeError, isClusterWide } from '../../src/shared/errors.js';
import { colors } from '../../src/output/colors.js';
import { reporter } from '../../src/output/reporter.js';
import { ApiError } from '../../src/api/request.js';
import type { Target } from '../../src/shared/target.js';

const errno = (message: string, code: string, extra: object = {}) => Object.assign(new Error(message), { code, ...extra });

test('a connection the server closed or refused is said in words, not as a Node code', () => {
  assert.equal(describeError(errno('Premature close', 'ERR_STREAM_PREMATURE_CLOSE')), 'connection closed by the server');
  assert.equal(
    describeError(
      errno(
        'request to https://127.0.0.1:39012/api/v1/pods?watch=true failed, reason: connect ECONNREFUSED 127.0.0.1:39012',
        'ECONNREFUSED',
      ),
    ),
    'connection refused by 127.0.0.1:39012 (nothing listening there)',
  );
  assert.equal(describeError(errno('read ECONNRESET', 'ECONNRESET')), 'connection reset by the server');
  assert.equal(
    describeError(errno('getaddrinfo ENOTFOUND api.example.invalid', 'ENOTFOUND', { hostname: 'api.example.invalid' })),
    'host api.example.invalid not found (DNS)',
  );
  // node-fetch puts the system error in `cause`
  assert.equal(
    describeError(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } })),
    'connection reset by the server',
  );
});

test("API answers: the status in words and the API's message only, never headers or a whole body", () => {
  assert.equal(describeError(new ApiError(401, 'Unauthorized')), 'unauthorized (401): credentials refused');
  const forbidden = describeError(
    new ApiError(403, JSON.stringify({ kind: 'Status', message: 'pods "p" is forbidden: User "u" cannot get resource "pods/log"' })),
  );
  assert.equal(forbidden, 'forbidden (403): pods "p" is forbidden: User "u" cannot get resource "pods/log"');
  assert.equal(describeError(new ApiError(502, 'Bad Gateway\n<html>page</html>\n')), 'HTTP 502: Bad Gateway');
  // client-node's ApiException: the message carries headers (a bearer token)
  const api = Object.assign(new Error('HTTP-Code: 500 Message: Unknown Headers: {"authorization":"Bearer s3cret"}'), {
    code: 500,
    body: '{"message":"etcdserver: leader changed"}',
  });
  assert.equal(describeError(api), 'HTTP 500: etcdserver: leader changed');
  assert.ok(isClusterWide(new ApiError(401, '')) && isClusterWide(new ApiError(403, '')));
  assert.ok(!isClusterWide(new ApiError(404, '')));
});

test("a file or gzip error is its code or zlib's words: the caller names the path already", () => {
  const fileError = (read: () => unknown) => {
    try {
      read();
    } catch (err) {
      return describeError(err);
    }
    assert.fail('expected a throw');
  };
  assert.equal(
    fileError(() => readFileSync(join(tmpdir(), 'ktail-no-such-file'))),
    'ENOENT',
  );
  assert.equal(
    fileError(() => readdirSync(fileURLToPath(import.meta.url))),
    'ENOTDIR',
  );
  assert.equal(
    fileError(() => gunzipSync(Buffer.from('not gzip'))),
    'incorrect header check',
  );
  // a network error is not a file's: its message (the peer) is kept
  assert.equal(
    describeError(errno('connect EADDRNOTAVAIL 10.0.0.1:443', 'EADDRNOTAVAIL', { syscall: 'connect' })),
    'connect EADDRNOTAVAIL 10.0.0.1:443',
  );
});

test('other errors keep their message; an empty one still says something', () => {
  assert.equal(describeError(new Error('error: token expired\n')), 'error: token expired');
  assert.equal(describeError(new Error('')), 'failed without a message');
  assert.equal(describeError('boom'), 'boom');
  assert.equal(describeError(undefined), 'failed without a message');
});

function capture(showCluster = true) {
  const err = new PassThrough();
  let text = '';
  err.on('data', (d: Buffer) => (text += d.toString()));
  const c = colors(true, { pod: ['91'], container: ['31'], diffContainer: false });
  const r = reporter(err, { markers: true, verbose: true, showCluster, retrying: true }, c);
  return { r, text: () => text };
}

const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

test("the reporter writes each warning on one line, untrusted parts neutralised, ktail's own colours kept", () => {
  const { r, text } = capture();
  const plugin = describeError(new Error('error: \u001b]0;pwned\u0007expired\nplease log in\n'));
  r.clusterState('evil\u202Ectx\u001b[2J', { ok: false, reason: plugin });
  r.warn('kubelet said: \u200Bcontext canceled\r\n');
  r.debug('clusters: a\nb');
  const lines = text().split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.deepEqual(
    lines.map((l) => l.replace(SGR, '')),
    [
      'ktail: cluster evil<U+202E>ctx^[[2J: error: ^[]0;pwned^Gexpired; please log in; retrying',
      'ktail: kubelet said: <U+200B>context canceled',
      'ktail: clusters: a; b',
    ],
  );
  assert.ok(
    lines.every((l) => !/[\u0000-\u0008\u000a-\u001a\u001c-\u001f\u007f-\u009f\u200b\u202e]/.test(l)),
    "no raw control or format character but the reporter's own SGR",
  );
});

test('markers: cluster names from a kubeconfig are neutralised', () => {
  const { r, text } = capture();
  const t = { cluster: { name: 'prod\u202E\u001b]8;;http://x\u0007' }, pod: 'p', container: 'app' } as Target;
  r.started(t);
  r.stopped(t);
  assert.deepEqual(text().replace(SGR, '').split('\n'), [
    '+ prod<U+202E>^[]8;;http://x^G p › app',
    '- prod<U+202E>^[]8;;http://x^G p › app',
    '',
  ]);
});

// An exec plugin that fails is met by the watch (its re-list) and by every stream (its
// re-open), in either order: the user reads one line about it for the cluster.
test('a credentials failure seen by the watch and by many streams: one line per cluster, in either order', () => {
  const plugin = () => new Error('the credential plugin is down\n');
  const failure = new CredentialsError(plugin());
  assert.ok(isClusterWide(failure));
  assert.equal(describeError(failure), describeError(plugin()), 'the streams say it as the watch does');
  for (const watchFirst of [true, false]) {
    const { r, text } = capture();
    if (watchFirst) r.clusterState('c1', { ok: false, reason: describeError(plugin()) });
    for (let i = 0; i < 3; i++) r.clusterTrouble('c1', describeError(failure), 'cannot read logs');
    if (watchFirst) {
      r.clearTrouble('c1', 'cannot read logs'); // a stream of c1 recovering while the watch still fails: not said again
      r.clusterTrouble('c1', describeError(failure), 'cannot read logs');
    }
    if (!watchFirst) r.clusterState('c1', { ok: false, reason: describeError(plugin()) });
    r.clusterTrouble('c2', describeError(failure), 'cannot read logs');
    // c2's events are refused too (RBAC): a log stream of c2 opening does not make that said again
    r.clusterTrouble('c2', 'forbidden (403): events is forbidden', 'cannot watch events');
    r.clearTrouble('c2', 'cannot read logs');
    r.clusterTrouble('c2', 'forbidden (403): events is forbidden', 'cannot watch events');
    const lines = text().replace(SGR, '').split('\n').filter(Boolean);
    assert.equal(lines.filter((l) => l.includes('cluster c1:')).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => l.includes('cluster c2: cannot read logs')).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => l.includes('cluster c2: cannot watch events')).length, 1, lines.join('\n'));
    // once the cluster is back, a new failure is said again
    r.clusterState('c1', { ok: true });
    r.clusterTrouble('c1', describeError(failure), 'cannot read logs');
    const after = text().replace(SGR, '').split('\n').filter(Boolean);
    assert.deepEqual(after.slice(-2), [
      'ktail: cluster c1: connected again',
      'ktail: cluster c1: cannot read logs: the credential plugin is down; retrying',
    ]);
  }
});

// The pod watch says ok each time the apiserver accepts it again (every few minutes): that is
// no recovery, and a stream's 403 retried after it must not be said again (RBAC, hostile.test.ts).
test('a stream refused by RBAC: said once, however often the watch is accepted again', () => {
  const { r, text } = capture();
  const refusal = 'forbidden (403): pods "p" is forbidden';
  r.clusterState('c1', { ok: true });
  for (let i = 0; i < 3; i++) {
    r.clusterTrouble('c1', refusal, 'cannot read logs');
    r.clusterState('c1', { ok: true });
  }
  const lines = text().replace(SGR, '').split('\n').filter(Boolean);
  assert.deepEqual(lines, [`ktail: cluster c1: cannot read logs: ${refusal}; retrying`]);
});
