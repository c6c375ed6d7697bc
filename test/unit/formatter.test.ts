import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern } from '../../src/options/pattern.js';
import { colors } from '../../src/output/colors.js';
import { formatter, type FormatOptions } from '../../src/output/formatter.js';
import { textBytes, textString } from '../../src/output/mux.js';
import { LOG_FIELDS, LOG_TYPE } from '../../src/output/record.js';
import { parseTemplate } from '../../src/template/index.js';
import { neutralizeControls } from '../../src/output/sanitize.js';
import type { LogLine, Target } from '../../src/shared/target.js';
import { timestampFormatter } from '../../src/shared/time.js';

const target: Target = {
  cluster: { name: 'c1' },
  namespace: 'shop',
  pod: 'web-1',
  podUid: 'uid-1',
  container: 'app',
  kind: 'container',
  containerId: 'containerd://abc',
  nodeName: 'node-a',
  labels: { app: 'web' },
  annotations: { note: 'n1', 'a/b': '<x>' },
};

const line = (message: string): LogLine => ({ target, timestamp: '2024-05-01T12:00:00.123456789Z', message, bytes: Buffer.from(message) });

const base: FormatOptions = {
  format: 'default',
  showCluster: false,
  showNamespace: true,
  timestamps: false,
  rawEscapes: false,
  tty: false,
  highlight: [],
  showTime: timestampFormatter('short', 'UTC'),
};

const fmt = (o: Partial<FormatOptions>, message: string, colorsOn = false) =>
  textString(formatter({ ...base, ...o }, colors(colorsOn))(line(message)));

const HOSTILE = 'a\u001b[2Jb \u001b]8;;http://x\u0007link \u001b]0;pwned\u0007 over\rwrite \u009b31m c1\td';
const NEUTRAL = 'a^[[2Jb ^[]8;;http://x^Glink ^[]0;pwned^G over^Mwrite \\x9b31m c1\td';
// every C0 control but tab, DEL and the C1 controls
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

test('default: namespace pod container message; the cluster only with showCluster', () => {
  assert.equal(fmt({}, 'GET /healthz 200'), 'shop web-1 app GET /healthz 200\n');
  assert.equal(fmt({ showCluster: true }, 'GET /healthz 200'), 'c1 shop web-1 app GET /healthz 200\n');
  assert.equal(fmt({ showNamespace: false }, 'GET /healthz 200'), 'web-1 app GET /healthz 200\n');
});

test('default and raw show the timestamp through showTime when timestamps are on', () => {
  assert.equal(fmt({ timestamps: true }, 'hello'), 'shop web-1 app 05-01 12:00:00 hello\n');
  assert.equal(fmt({ format: 'raw', timestamps: true }, 'hello'), '05-01 12:00:00 hello\n');
  const utc = timestampFormatter('default', 'UTC');
  assert.equal(fmt({ format: 'raw', timestamps: true, showTime: utc }, 'hello'), '2024-05-01T12:00:00.123456789Z hello\n');
});

test('raw: the message alone', () => {
  assert.equal(fmt({ format: 'raw', showCluster: true }, 'GET /healthz 200'), 'GET /healthz 200\n');
});

test("json: one object per line with every key of stern's (its order, Go's escaping), then timestamp and cluster", () => {
  const out = fmt({ format: 'json' }, 'GET /healthz 200');
  assert.equal(
    out,
    '{"message":"GET /healthz 200","nodeName":"node-a","namespace":"shop","podName":"web-1","containerName":"app","labels":{"app":"web"},"annotations":{"note":"n1","a/b":"<x>"},"timestamp":"2024-05-01T12:00:00.123456789Z","cluster":"c1"}\n'.replace(
      '{"note":"n1","a/b":"<x>"}',
      '{"a/b":"\\u003cx\\u003e","note":"n1"}',
    ),
  );
  assert.ok(out.endsWith('\n') && !out.slice(0, -1).includes('\n'));
  const rec = JSON.parse(out) as Record<string, unknown>;
  assert.equal(rec.cluster, 'c1');
  assert.equal(rec.namespace, 'shop');
  assert.equal(rec.podName, 'web-1');
  assert.equal(rec.containerName, 'app');
  assert.equal(rec.timestamp, '2024-05-01T12:00:00.123456789Z');
  assert.equal(rec.message, 'GET /healthz 200');
  assert.deepEqual(rec.annotations, { note: 'n1', 'a/b': '<x>' });
});

test('json: a pod without labels or annotations has null for them, as stern (Go nil maps)', () => {
  const rec = JSON.parse(
    textString(
      formatter({ ...base, format: 'json' }, colors(false))({ ...line('x'), target: { ...target, labels: {}, annotations: undefined } }),
    ),
  ) as Record<string, unknown>;
  assert.equal(rec.labels, null);
  assert.equal(rec.annotations, null);
  assert.equal(typeof rec.timestamp, 'string');
  assert.notEqual(rec.timestamp, '');
});

test("extjson: stern's bytes (its template); a JSON message embedded as it is, other text as a JSON string", () => {
  const one = { showNamespace: false };
  assert.equal(
    fmt({ ...one, format: 'extjson' }, '{"level":"info","n":1}'),
    '{"pod": "web-1", "container": "app", "message": {"level":"info","n":1}}\n',
  );
  assert.equal(fmt({ ...one, format: 'extjson' }, 'plain text'), '{"pod": "web-1", "container": "app", "message": "plain text"}\n');
  assert.equal(fmt({ ...one, format: 'extjson' }, '{broken'), '{"pod": "web-1", "container": "app", "message": "{broken"}\n');
  assert.deepEqual((JSON.parse(fmt({ format: 'extjson' }, ' [1,2]')) as { message: unknown }).message, [1, 2]);
  // namespaces shown (stern: -A) and clusters shown (ktail with many) come first
  assert.equal(
    fmt({ format: 'extjson', showCluster: true }, 'x'),
    '{"cluster": "c1", "namespace": "shop", "pod": "web-1", "container": "app", "message": "x"}\n',
  );
});

test("ppextjson: stern's indented form", () => {
  assert.equal(
    fmt({ format: 'ppextjson', showNamespace: false }, '{"level":"info"}'),
    '{\n  "pod": "web-1",\n  "container": "app",\n  "message": {"level":"info"}\n}\n',
  );
  assert.equal((JSON.parse(fmt({ format: 'ppextjson' }, 'plain')) as { message: unknown; namespace: unknown }).message, 'plain');
});

for (const format of ['json', 'extjson', 'ppextjson'] as const) {
  test(`${format}: escape sequences in the message come out escaped, never as a raw ESC`, () => {
    for (const tty of [false, true]) {
      const out = fmt({ format, tty }, HOSTILE);
      assert.ok(!out.includes('\u001b'), `raw ESC in ${JSON.stringify(out)}`);
      assert.ok(!out.includes('\u0007') && !out.includes('\r'), `raw BEL/CR in ${JSON.stringify(out)}`);
      assert.equal((JSON.parse(out) as { message: string }).message, HOSTILE, 'the message survives intact inside the JSON');
    }
  });

  test(`${format} on a TTY: no raw control characters at all (C1 CSI \\u009b included)`, () => {
    const out = fmt({ format, tty: true }, HOSTILE);
    assert.doesNotMatch(out.replace(/\n/g, ''), CONTROL, JSON.stringify(out));
  });
}

test('neutralizeControls shows controls in caret notation and keeps tab', () => {
  assert.equal(neutralizeControls('\u001b[2J'), '^[[2J');
  assert.equal(neutralizeControls('\u001b]8;;http://x\u0007click\u001b]8;;\u0007'), '^[]8;;http://x^Gclick^[]8;;^G');
  assert.equal(neutralizeControls('\u001b]0;title\u0007'), '^[]0;title^G');
  assert.equal(neutralizeControls('progress\rdone'), 'progress^Mdone');
  assert.equal(neutralizeControls('\u009b2J'), '\\x9b2J');
  assert.equal(neutralizeControls('\u0000\u007f'), '^@^?');
  assert.equal(neutralizeControls('a\tb'), 'a\tb');
  assert.equal(neutralizeControls('caf\u00e9 \u2603'), 'caf\u00e9 \u2603');
});

test('on a TTY, default and raw neutralise escape sequences in log text; tab stays', () => {
  assert.equal(fmt({ tty: true }, HOSTILE), `shop web-1 app ${NEUTRAL}\n`);
  assert.equal(fmt({ format: 'raw', tty: true }, HOSTILE), `${NEUTRAL}\n`);
  assert.doesNotMatch(fmt({ format: 'raw', tty: true }, HOSTILE).slice(0, -1), CONTROL);
});

test('--raw-escapes, or output that is not a TTY, leaves escape sequences intact', () => {
  assert.equal(fmt({ tty: true, rawEscapes: true }, HOSTILE), `shop web-1 app ${HOSTILE}\n`);
  assert.equal(fmt({ tty: false }, HOSTILE), `shop web-1 app ${HOSTILE}\n`);
  assert.equal(fmt({ format: 'raw', tty: true, rawEscapes: true }, HOSTILE), `${HOSTILE}\n`);
  assert.equal(fmt({ format: 'raw', tty: false }, HOSTILE), `${HOSTILE}\n`);
});

const tpl = (source: string) => parseTemplate(source, { type: LOG_TYPE, fields: LOG_FIELDS });

test("--template on a TTY: escape sequences in the message are neutralised, the template's own colours are not", () => {
  const on = colors(true);
  const out = formatter(
    {
      ...base,
      tty: true,
      template: tpl('{{color .PodColor .PodName}} {{.Message}}|{{colorRed .Message}}|{{printf "%s-%s" (colorGreen "ok") .Message}}'),
    },
    on,
  )(line(HOSTILE));
  const red = (s: string) => `\u001b[31m${s}\u001b[0m`;
  assert.equal(out, `${on.pod('web-1')('web-1')} ${NEUTRAL}|${red(NEUTRAL)}|\u001b[32mok\u001b[0m-${NEUTRAL}`);
  assert.equal(fmt({ tty: true, rawEscapes: true, template: tpl('{{.Message}}') }, HOSTILE), HOSTILE);
});

test('--template on a TTY: text decoded by parseJSON cannot smuggle escape sequences out', () => {
  // the log line holds JSON escapes (\u001b as six characters), which parseJSON turns into a real ESC
  const out = fmt(
    { tty: true, template: tpl('{{(parseJSON .Message).a}}|{{prettyJSON .Message}}|{{levelColor (parseJSON .Message).a}}') },
    '{"a":"\\u001b]0;pwned\\u0007\\u001b[2J"}',
  );
  assert.ok(out.includes('^[]0;pwned^G^[[2J'), out);
  assert.ok(!out.includes('\u001b'), `raw ESC in ${JSON.stringify(out)}`);
});

test('--template output is written as stern writes it: no newline added', () => {
  assert.equal(fmt({ template: tpl('{{.PodName}} {{.Message}}') }, 'hi'), 'web-1 hi');
  assert.equal(fmt({ template: tpl('{{.PodName}} {{.Message}}{{"\\n"}}') }, 'hi'), 'web-1 hi\n');
  assert.equal(fmt({ template: tpl('{{printf "%s (%s/%s)\\n" .Message .Namespace .Cluster}}') }, 'hi'), 'hi (shop/c1)\n');
  assert.equal(
    fmt({ template: tpl('{{.Timestamp}} {{.Cluster}} {{.Annotations.note}}\n') }, 'hi'),
    '2024-05-01T12:00:00.123456789Z c1 n1\n',
  );
});

test('--template failing on a line: nothing printed for it, one warning per distinct error, the next line goes on', () => {
  const warnings: string[] = [];
  const f = formatter(
    { ...base, template: tpl('{{with $d := parseJSON .Message}}{{$d.level}}{{"\\n"}}{{end}}'), warn: (m) => warnings.push(m) },
    colors(false),
  );
  assert.equal(f(line('not json')), '');
  assert.equal(f(line('not json either')), '');
  assert.equal(f(line('{"level":"info"}')), 'info\n');
  assert.equal(f(line('[1]')), '');
  // Go's own messages (checked against Go 1.26), as stern prints them
  assert.deepEqual(warnings, [
    "expanding template failed: template: log:1:13: executing \"log\" at <parseJSON .Message>: error calling parseJSON: invalid character 'o' in literal null (expecting 'u')",
    'expanding template failed: template: log:1:13: executing "log" at <parseJSON .Message>: error calling parseJSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
  ]);
});

test('highlight wraps matches in bold red only when colours are on', () => {
  const on = fmt(
    { format: 'default', showNamespace: false, highlight: [compilePattern('ERROR'), compilePattern('disk \\w+')] },
    'ERROR: disk full, ERROR again',
    true,
  );
  assert.ok(
    on.endsWith(' \u001b[31;1mERROR\u001b[0;22m: \u001b[31;1mdisk full\u001b[0;22m, \u001b[31;1mERROR\u001b[0;22m again\n'),
    JSON.stringify(on),
  );
  assert.equal(fmt({ highlight: [compilePattern('ERROR')] }, 'ERROR: disk full'), 'shop web-1 app ERROR: disk full\n');
  assert.equal(fmt({ highlight: [compilePattern('nomatch')] }, 'ERROR: disk full', true).endsWith(' ERROR: disk full\n'), true);
});

test('colours on: the prefix is painted per value, the message is left alone', () => {
  const c = colors(true);
  assert.equal(
    fmt({ showCluster: true }, 'hi', true),
    `${c.of('c1')('c1')} ${c.of('shop')('shop')} ${c.pod('web-1')('web-1')} ${c.container('web-1', 'app')('app')} hi\n`,
  );
});

test("to a pipe, default and raw output pass the container's bytes through untouched, invalid UTF-8 included", () => {
  const bytes = Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0xc3]); // "bad", invalid bytes, ESC[2J, a cut sequence
  const l: LogLine = { target, timestamp: '', message: bytes.toString('utf8'), bytes };
  const raw = formatter({ ...base, format: 'raw' }, colors(false))(l);
  assert.deepEqual(textBytes(raw), Buffer.concat([bytes, Buffer.from('\n')]));
  const plain = formatter(base, colors(false))(l);
  assert.deepEqual(textBytes(plain), Buffer.concat([Buffer.from('shop web-1 app '), bytes, Buffer.from('\n')]));
  const tty = textString(formatter({ ...base, format: 'raw', tty: true }, colors(false))(l));
  assert.equal(tty, 'bad\ufffd\ufffd^[[2J\ufffd\n');
});

test('default format: a --multiline record gets the prefix on each of its lines, a line read in a chunk leaves as it was', () => {
  assert.equal(
    fmt({}, 'Exception: boom\n  at f()\n  at g()'),
    'shop web-1 app Exception: boom\nshop web-1 app   at f()\nshop web-1 app   at g()\n',
  );
  const chunk = Buffer.from('xx2024-05-01T12:00:00Z stdout F hello\nyy');
  const spanned: LogLine = { ...line('hello'), span: { buf: chunk, start: 32, end: 37 } };
  assert.equal(textBytes(formatter(base, colors(false))(spanned)).toString(), 'shop web-1 app hello\n');
});
