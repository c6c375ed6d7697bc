// The template engine against Go itself: template-go.json holds templates and the output
// (or error) Go 1.26's text/template gave for them with stern v1.34's functions and a Log
// struct like stern's, produced once by a small Go program (cases: stern's README examples,
// the language, built-ins, printf verbs, stern's functions, runtime and parse errors).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTemplate, ParseError, renderer, ExecError } from '../../src/template/index.js';
import { GoColor, GoStruct, stringMap, type Value } from '../../src/template/values.js';

interface GoCase {
  name: string;
  template: string;
  message: string;
  color?: boolean;
  noLabels?: boolean;
  out?: string;
  parseError?: string;
  execError?: string;
}

// the Go program ran with TZ=UTC: unix seconds become local times
process.env.TZ = 'UTC';

const cases = JSON.parse(readFileSync(new URL('./template-go.json', import.meta.url), 'utf8')) as GoCase[];
const sgr = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const JSON_NAMES = new Map<string, string | undefined>([
  ['Message', 'message'],
  ['NodeName', 'nodeName'],
  ['Namespace', 'namespace'],
  ['PodName', 'podName'],
  ['ContainerName', 'containerName'],
  ['Labels', 'labels'],
  ['Annotations', 'annotations'],
  ['PodColor', undefined],
  ['ContainerColor', undefined],
]);
const ROOT = { type: 'main.Log', fields: new Set(JSON_NAMES.keys()) };

/** the data the Go program used (its colours: FgHiCyan and FgCyan) */
function data(c: Pick<GoCase, 'message' | 'noLabels'>): GoStruct {
  return new GoStruct(
    'main.Log',
    new Map<string, Value>([
      ['Message', c.message],
      ['NodeName', 'node-a'],
      ['Namespace', 'shop'],
      ['PodName', 'web-1'],
      ['ContainerName', 'app'],
      ['Labels', stringMap(c.noLabels ? {} : { app: 'web', 'app.kubernetes.io/name': 'frontend' })],
      ['Annotations', stringMap(c.noLabels ? {} : { note: 'n1' })],
      ['PodColor', new GoColor('96', sgr('96'))],
      ['ContainerColor', new GoColor('36', sgr('36'))],
    ]),
    JSON_NAMES,
  );
}

function run(c: GoCase): { out?: string; parseError?: string; execError?: string } {
  let t;
  try {
    t = parseTemplate(c.template, ROOT);
  } catch (err) {
    if (err instanceof ParseError) return { parseError: err.message };
    throw err;
  }
  try {
    return { out: renderer(t, { colors: Boolean(c.color), clean: (s) => s })(data(c)) };
  } catch (err) {
    if (err instanceof ExecError) return { execError: err.message };
    throw err;
  }
}

test("the Go cases cover the language, printf, stern's functions and errors", () => {
  assert.ok(cases.length >= 140, `${cases.length} cases`);
  for (const kind of ['out', 'parseError', 'execError'] as const)
    assert.ok(
      cases.some((c) => c[kind] !== undefined),
      kind,
    );
});

for (const c of cases) {
  test(`as Go: ${c.name}${c.color ? ' (colours on)' : ''}${c.message.startsWith('{') ? ` on ${c.message.slice(0, 30)}` : ''}`, () => {
    const got = run(c);
    if (c.out !== undefined) assert.deepEqual(got, { out: c.out });
    else if (c.parseError !== undefined) assert.deepEqual(got, { parseError: c.parseError });
    // a field the data cannot have is reported before the first line, with Go's words
    else if (/can't evaluate field \w+ in type main\.Log$/.test(c.execError ?? '') && got.parseError !== undefined)
      assert.equal(got.parseError, c.execError);
    else assert.deepEqual(got, { execError: c.execError });
  });
}

// JSON as deep as Go's decoder takes it (10,000 levels; one more is its syntax error), and the
// printers over it. The messages are built here, not stored in template-go.json (tens of KB
// each); what Go 1.26 with stern's functions gave for them (the same Go program) is below.
const deepArrays = (d: number) => `{"a":${'['.repeat(d - 1)}${']'.repeat(d - 1)}}`;
const deepObjects = (d: number) => `${'{"a":'.repeat(d - 1)}{"a":1}${'}'.repeat(d - 1)}`;
const PRINTERS =
  '{{ with $d := parseJSON .Message }}{{ len (printf "%v" $d) }} {{ len (printf "%#v" $d) }} {{ len (printf "%+v" $d) }} {{ len (json $d) }}{{ end }}';
const LENIENT =
  '{{ len (prettyJSON .Message) }} {{ len (tryExtractJSONParts .Message "a") }} {{ with tryParseJSON .Message }}{{ len (printf "%v" .) }}{{ else }}nil{{ end }}';
const exceeded = (c: string) =>
  `template: log:1:14: executing "log" at <parseJSON .Message>: error calling parseJSON: invalid character '${c}' exceeded max depth`;
const DEEP: GoCase[] = [
  { name: 'arrays 10,000 deep: %v %#v %+v json', template: PRINTERS, message: deepArrays(10_000), out: '20005 160013 20005 20004' },
  { name: 'arrays 10,001 deep', template: PRINTERS, message: deepArrays(10_001), execError: exceeded('[') },
  { name: 'objects 10,000 deep: %v %#v %+v json', template: PRINTERS, message: deepObjects(10_000), out: '70001 290001 70001 60001' },
  { name: 'objects 10,001 deep', template: PRINTERS, message: deepObjects(10_001), execError: exceeded('{') },
  {
    name: 'arrays 3,000 deep: prettyJSON, tryExtractJSONParts, tryParseJSON',
    template: LENIENT,
    message: deepArrays(3000),
    out: '18000005 5998 6005',
  },
  {
    name: 'arrays 10,001 deep: the lenient functions give the text back',
    template: LENIENT,
    message: deepArrays(10_001),
    out: '20006 20006 nil',
  },
  {
    name: 'arrays 2,500 deep, printed whole',
    template: '{{ parseJSON .Message }} {{ printf "%#v" (parseJSON .Message) }}',
    message: deepArrays(2500),
    out: `map[a:${'['.repeat(2499)}${']'.repeat(2499)}] map[string]interface {}{"a":${'[]interface {}{'.repeat(2499)}${'}'.repeat(2499)}}`,
  },
];
for (const c of DEEP) {
  test(`as Go: JSON nested ${c.name}`, () => {
    assert.deepEqual(run(c), c.out !== undefined ? { out: c.out } : { execError: c.execError });
  });
}

test("a function that fails in JS's own way is an error calling it, as Go's safeCall makes a panic one", () => {
  // 600 fields of 10^6 (each within fmt's bound) are a string longer than JS's longest
  const t = `{{len (printf "${'%1000000d'.repeat(600)}" ${'1 '.repeat(600)})}}`;
  const got = run({ name: '', template: t, message: 'm' });
  assert.match(got.execError ?? '', /^template: log:1:7: executing "log" at <printf .*>: error calling printf: Invalid string length$/);
});

const render = (template: string, message = 'GET /healthz 200') =>
  renderer(parseTemplate(template), { colors: false, clean: (s) => s })(data({ message }));

test('templates read only their own data: no prototype chain through maps', () => {
  // Go prints "<no value>" for a key a map does not have; JS's inherited properties are not keys
  assert.equal(
    render('{{.Labels.constructor}}|{{.Labels.__proto__}}|{{.Labels.toString}}|{{.Labels.hasOwnProperty}}'),
    '<no value>|<no value>|<no value>|<no value>',
  );
  assert.equal(render('[{{index .Labels "constructor"}}]'), '[]');
  assert.equal(
    render('{{with $m := tryParseJSON .Message}}{{$m.constructor}}|{{$m.__proto__}}{{end}}', '{"a":1}'),
    '<no value>|<no value>',
  );
  // and keys that happen to be those names are ordinary keys
  assert.equal(
    render('{{with $m := tryParseJSON .Message}}{{$m.__proto__}}|{{$m.constructor}}{{end}}', '{"__proto__":{"x":1},"constructor":"c"}'),
    'map[x:1]|c',
  );
});

test("only ktail's functions can be called", () => {
  for (const name of ['constructor', 'eval', 'require', 'toString', 'process']) {
    assert.throws(
      () => parseTemplate(`{{${name} 1}}`),
      (err: unknown) => err instanceof ParseError && err.message === `template: log:1: function "${name}" not defined`,
    );
  }
});

test("ktail's extras beyond stern: upper, lower", () => {
  assert.equal(render('{{.Message | upper}} {{lower "AbC"}}'), 'GET /HEALTHZ 200 abc');
});

test('names of Object.prototype are plain words: keywords, levels', () => {
  assert.equal(render('{{levelColor "constructor"}} {{levelColor "toString"}}'), 'constructor toString');
});
