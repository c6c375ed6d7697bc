import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { colors, type Colors } from '../../src/output/colors.js';
import { compileTemplate, type TemplateData } from '../../src/output/template.js';

function data(over: Partial<TemplateData> = {}, c: Colors = colors(false)): TemplateData {
  return {
    cluster: 'c1',
    namespace: 'shop',
    podName: 'web-1',
    containerName: 'app',
    nodeName: 'node-a',
    labels: { app: 'web', 'app.kubernetes.io/name': 'frontend' },
    timestamp: '2024-05-01T12:00:00.5+02:00',
    message: 'GET /healthz 200',
    podColor: c.pod('web-1'),
    containerColor: c.container('web-1', 'app'),
    clusterColor: c.of('c1'),
    ...over,
  };
}

const render = (template: string, d: TemplateData = data(), c: Colors = colors(false)) => compileTemplate(template, c)(d);

test('fields in stern\'s capitalised form and in lower case', () => {
  assert.equal(render('{{.PodName}} {{.ContainerName}} {{.Namespace}} {{.Cluster}} {{.NodeName}}'), 'web-1 app shop c1 node-a');
  assert.equal(render('{{.podName}}/{{.containerName}}: {{.message}}'), 'web-1/app: GET /healthz 200');
  assert.equal(render('[{{ .PodName }}] {{.Message}}'), '[web-1] GET /healthz 200');
});

test('nested fields and index reach into labels', () => {
  assert.equal(render('{{.Labels.app}}'), 'web');
  assert.equal(render('{{index .Labels "app.kubernetes.io/name"}}'), 'frontend');
  assert.equal(render('<{{.Labels.missing}}>'), '<>');
});

test('pipelines pass the value on as the last argument', () => {
  assert.equal(render('{{.Message | upper}}'), 'GET /HEALTHZ 200');
  assert.equal(render('{{.Message | upper | lower}}'), 'get /healthz 200');
  assert.equal(render('{{.PodName | color .PodColor}}', data({}, colors(true)), colors(true)), colors(true).pod('web-1')('web-1'));
});

test('json renders values and the whole record as JSON', () => {
  assert.equal(render('{{json .Labels}}'), '{"app":"web","app.kubernetes.io/name":"frontend"}');
  assert.equal(render('{{json .Message}}', data({ message: 'say "hi"' })), '"say \\"hi\\""');
  const whole = JSON.parse(render('{{json .}}')) as Record<string, unknown>;
  assert.equal(whole.podName, 'web-1');
  assert.equal(whole.message, 'GET /healthz 200');
  assert.deepEqual(whole.labels, { app: 'web', 'app.kubernetes.io/name': 'frontend' });
});

test('parseJSON with index picks a field out of a JSON log line', () => {
  const d = data({ message: '{"level":"warn","msg":"slow"}' });
  assert.equal(render('{{index (parseJSON .Message) "level"}}: {{index (parseJSON .Message) "msg"}}', d), 'warn: slow');
});

test('parseJSON leaves text that is not JSON as it is', () => {
  assert.equal(render('{{.Message | parseJSON}}'), 'GET /healthz 200');
  assert.equal(render('{{.Message | parseJSON}}', data({ message: '{"a": 1}' })), '{"a":1}');
});

test('extjson: a JSON message as compact JSON, anything else as a JSON string', () => {
  assert.equal(render('{{extjson .Message}}', data({ message: '{ "level": "info" }' })), '{"level":"info"}');
  assert.equal(render('{{extjson .Message}}'), '"GET /healthz 200"');
});

test('color paints with the pod colour when colours are on, plain text when off', () => {
  const on = colors(true);
  const out = render('{{color .PodColor .PodName}} {{color .ContainerColor .ContainerName}}', data({}, on), on);
  assert.equal(out, `${on.pod('web-1')('web-1')} ${on.container('web-1', 'app')('app')}`);
  assert.match(out, /^\u001b\[9\dmweb-1\u001b\[0m \u001b\[3\dmapp\u001b\[0m$/);
  assert.equal(render('{{color .PodColor .PodName}} {{color .ContainerColor .ContainerName}}'), 'web-1 app');
  assert.match(render('{{color .Cluster}}', data({}, on), on), /^\u001b\[\d+mc1\u001b\[0m$/);
  assert.equal(render('{{color .Cluster}}'), 'c1');
});

test('toUTC shows the kubelet timestamp in UTC with nanoseconds', () => {
  assert.equal(render('{{.Timestamp | toUTC}}'), '2024-05-01T10:00:00.500000000Z');
  assert.equal(render('{{toUTC .Timestamp}} {{.Message}}'), '2024-05-01T10:00:00.500000000Z GET /healthz 200');
});

test('string literals, Go escapes included, and text around actions', () => {
  assert.equal(render('{{"literal"}}'), 'literal');
  assert.equal(render('{{.PodName}}{{"\\t"}}{{.Message}}{{"\\n"}}'), 'web-1\tGET /healthz 200\n');
  assert.equal(render('{{"say \\"hi\\"" | upper}}'), 'SAY "HI"');
  assert.equal(render('no actions at all'), 'no actions at all');
});

const bad: [string, string, RegExp][] = [
  ['unknown field', '{{.Bogus}}', /unknown field \.Bogus/],
  ['unknown nested head', '{{.Metadata.name}}', /unknown field \.Metadata/],
  ['unknown function', '{{bogus .Message}}', /unknown function "bogus"/],
  ['unclosed {{', '{{.PodName} {{.Message', /unclosed \{\{/],
  ['stray }}', '{{.PodName}} done }}', /\}\} without \{\{/],
  ['empty action', '{{}}', /empty action \{\{\}\}/],
  ['two values, no function', '{{.PodName .Message}}', /malformed action/],
  ['empty pipeline stage', '{{.Message |}}', /malformed action/],
  ['value after a pipe', '{{.Message | .PodName}}', /malformed action/],
  ['function not first', '{{.Message upper}}', /a function name must start a command/],
  ['junk in an action', '{{.Message @}}', /unexpected "@"/],
  ['string literal JSON cannot read', '{{"\\q"}}', /--template/],
];

for (const [name, template, message] of bad) {
  test(`bad template is a usage error: ${name}`, () => {
    assert.throws(() => compileTemplate(template, colors(false)), (err: unknown) => {
      assert.ok(err instanceof UsageError, `UsageError, got ${String(err)}`);
      assert.match(err.message, message);
      assert.ok(err.message.includes(JSON.stringify(template)), `names the template: ${err.message}`);
      return true;
    });
  });
}
