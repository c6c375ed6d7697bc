// stern is the oracle: the same flags on the same cluster must print the same stdout.
// Each case runs stern v1.34 (built by the harness) and ktail with --no-follow on one real
// cluster and compares what they wrote. Where several streams interleave, both tools print
// them in arrival order, so those cases compare the lines as a multiset; cases over one
// stream compare the bytes exactly. A difference kept on purpose is in the README's
// "Differences from stern" table and is normalised here by name (`normalise`), nowhere else.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  binaries,
  CLUSTERS,
  clusterPaths,
  clusters,
  createPod,
  criFragments,
  criLine,
  ensureBinaries,
  uniqueNamespace,
} from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = ''] = CLUSTERS;

/** What real services write: plain text, JSON of several shapes (levels, times as strings and numbers), odd bytes. */
const LINES = [
  'plain text line',
  'ERROR something failed',
  'an error in lower case',
  '{"level":"info","msg":"started","message":"hello","ts":"2024-01-02T03:04:05.123456789Z","caller":"main.go:10","lvl":30}',
  '{"level":"warn","msg":"slow","message":"careful","ts":1704164645,"caller":"db.go:20","lvl":40}',
  '{"level":"error","msg":"boom","message":"failed","ts":"2024-01-02T03:04:06Z","caller":"api.go:30","lvl":50,"nested":{"a":[1,2.5,"x"],"b":null}}',
  '{"level":"DEBUG","msg":"detail","ts":"1704164646.5","lvl":20}',
  '{"level":"fatal","msg":"gone","ts":1704164647123,"lvl":60}',
  // valid JSON that float64 cannot hold (Go's decoder refuses it; JS would read Infinity)
  '{"level":"info","msg":"huge","big":1e999,"neg":-0.0,"nil":null}',
  'tabs\there\tand  two spaces',
  'ünïcödé ✓ line',
  '{"not":"closed"',
  '[1,2,3]',
  '42',
];

/**
 * JSON nested as deep as Go's decoder takes it (10,000 levels), one level more (its syntax
 * error), and 2,500 (deeper than JS's stack let ktail print before): each longer than 16 KB
 * or near it, so containerd's P fragments carry them. In a pod of their own, so that the cases
 * over every line do not print them.
 */
const DEEP_LINES = [
  `{"a":${'['.repeat(2499)}${']'.repeat(2499)}}`,
  `{"a":${'['.repeat(9999)}${']'.repeat(9999)}}`,
  `${'{"a":'.repeat(10_000)}{"a":1}${'}'.repeat(10_000)}`,
];

let ns = '';
let ns2 = '';
let nsDeep = '';
let home = '';
const kubeconfig = () => clusterPaths(C1).kubeconfig;

interface Output {
  stdout: string;
  stderr: string;
  code: number | null;
}

function runTool(file: string, args: string[]): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { PATH: process.env.PATH, HOME: home, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

const stern = (args: string[]) => runTool(binaries.stern(), ['--kubeconfig', kubeconfig(), '--no-follow', ...args]);
const ktail = (args: string[]) => runTool(process.execPath, [KTAIL, '--kubeconfig', kubeconfig(), '--no-follow', ...args]);

interface Case {
  name: string;
  /** flags given to both tools, after --kubeconfig and --no-follow */
  args: () => string[];
  /** one stream: compare the bytes exactly; otherwise the lines as a multiset */
  exact?: boolean;
  /** a difference kept on purpose (README "Differences from stern"), applied to ktail's stdout */
  normalise?: (ktailStdout: string) => string;
}

/** -o json: ktail adds "cluster" and "timestamp" (README); stern's keys, in stern's order, must match. */
const dropKtailJsonKeys = (out: string) =>
  out
    .split('\n')
    .map((l) => {
      if (!l.startsWith('{')) return l;
      const o = JSON.parse(l) as Record<string, unknown>;
      delete o.cluster;
      delete o.timestamp;
      return JSON.stringify(o);
    })
    .join('\n');
const reserialise = (out: string) =>
  out
    .split('\n')
    .map((l) => (l.startsWith('{') ? JSON.stringify(JSON.parse(l)) : l))
    .join('\n');

const inNs =
  (...rest: string[]) =>
  () => ['-n', ns, '.', ...rest]; // stern wants a query
const one =
  (...rest: string[]) =>
  () => ['-n', ns, 'api-7', ...rest];
const tpl = (t: string, ...rest: string[]) => inNs('--template', t, ...rest);
const tplOne = (t: string, ...rest: string[]) => one('--template', t, ...rest);

const deep =
  (...rest: string[]) =>
  () => ['-n', nsDeep, 'deep', ...rest];

const CASES: Case[] = [
  // plain flags and formats
  { name: 'default format', args: inNs() },
  { name: '-o raw', args: inNs('-o', 'raw') },
  { name: '-o json', args: inNs('-o', 'json'), normalise: (s) => reserialise(dropKtailJsonKeys(s)) },
  { name: '-o extjson', args: inNs('-o', 'extjson') },
  { name: '-o ppextjson (one stream)', args: one('-o', 'ppextjson'), exact: true },
  { name: '-t', args: inNs('-t') },
  { name: '--timestamps=short', args: inNs('--timestamps=short') },
  { name: '-o raw -t', args: inNs('-o', 'raw', '-t') },
  { name: '-o extjson -t', args: inNs('-o', 'extjson', '-t') },
  { name: "a template sees -t's timestamp in .Message", args: tpl('<{{.Message}}>{{"\\n"}}', '-t') },
  { name: '-t --timezone Asia/Tokyo', args: inNs('-t', '--timezone', 'Asia/Tokyo') },
  { name: '-i error', args: inNs('-i', 'error') },
  { name: '-e info -e warn', args: inNs('-e', 'info', '-e', 'warn') },
  { name: '-i (?i)error (RE2 flags)', args: inNs('-i', '(?i)error') },
  { name: '-i with \\pL and [[:digit:]] (RE2 classes)', args: inNs('-i', '^\\pL+\\s', '-i', '^[[:digit:]]+$') },
  { name: '-i level -e (?i)debug', args: inNs('-i', 'level', '-e', '(?i)debug') },
  { name: '--tail 2', args: inNs('--tail', '2') },
  { name: '-c side', args: inNs('-c', 'side') },
  { name: '-E side', args: inNs('-E', 'side') },
  { name: '-l app=web', args: () => ['-n', ns, '-l', 'app=web'] },
  { name: '--exclude-pod ^api', args: inNs('--exclude-pod', '^api') },
  { name: 'pod query regex', args: () => ['-n', ns, '^api'] },
  { name: '--field-selector metadata.name=web-1', args: () => ['-n', ns, '--field-selector', 'metadata.name=web-1'] },
  { name: '--since 1h', args: inNs('--since', '1h') },
  { name: 'two namespaces: namespace column', args: () => ['-n', ns, '-n', ns2, '.'] },
  { name: '-A with a selector: namespace column', args: () => ['-A', '-l', `parity=${ns}`] },
  { name: '-A -o extjson: namespace key', args: () => ['-A', '-l', `parity=${ns}`, '-o', 'extjson'] },
  { name: '--color always', args: inNs('--color', 'always') },
  { name: '--color always -d', args: inNs('--color', 'always', '-d') },
  { name: '--color always --pod-colors', args: inNs('--color', 'always', '--pod-colors', '31,32;4') },
  { name: '--color always -H error', args: inNs('--color', 'always', '-H', 'error') },
  { name: '--color always -i (highlights what it includes)', args: inNs('--color', 'always', '-i', 'line') },
  // every template example of stern's README
  { name: 'README: printf example', args: tpl('{{printf "%s (%s/%s/%s/%s)\\n" .Message .NodeName .Namespace .PodName .ContainerName}}') },
  {
    name: 'README: colours example',
    args: tpl(
      '{{.Message}} ({{.Namespace}}/{{color .PodColor .PodName}}/{{color .ContainerColor .ContainerName}}){{"\\n"}}',
      '--color',
      'always',
    ),
  },
  {
    name: 'README: parseJSON example',
    args: tpl('{{.PodName}}/{{.ContainerName}} {{with $d := .Message | parseJSON}}[{{$d.level}}] {{$d.message}}{{end}}{{"\\n"}}'),
  },
  {
    name: 'README: tryParseJSON example',
    args: tpl(
      '{{.PodName}}/{{.ContainerName}} {{ with $msg := .Message | tryParseJSON }}[{{ colorGreen (toRFC3339Nano $msg.ts) }}] {{ levelColor $msg.level }} ({{ colorCyan $msg.caller }}) {{ $msg.msg }}{{ else }} {{ .Message }} {{ end }}{{"\\n"}}',
      '--color',
      'always',
    ),
  },
  { name: 'README: prettyJSON example', args: tplOne('{{ .Message | prettyJSON }}{{"\\n"}}'), exact: true },
  {
    name: 'README: prettyJSON of tryParseJSON example',
    args: tplOne('{{ with $msg := .Message | tryParseJSON }}{{ prettyJSON $msg }}{{"\\n"}}{{end}}'),
    exact: true,
  },
  { name: 'README: --template-file', args: () => ['-n', ns, '.', '--template-file', join(home, 'stern.tpl')] },
  { name: '-T (template file, short flag)', args: () => ['-n', ns, '.', '-T', join(home, 'stern.tpl')] },
  // built-ins and functions
  { name: 'a template without a newline writes none', args: tplOne('{{.Message}}|'), exact: true },
  {
    name: 'if / else if / else',
    args: tpl('{{if eq .ContainerName "app"}}A{{else if eq .ContainerName "side"}}S{{else}}?{{end}} {{.Message}}{{"\\n"}}'),
  },
  {
    name: 'range over a map (key order), variables',
    args: tpl('{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}} {{range .Annotations}}[{{.}}]{{end}}{{"\\n"}}'),
  },
  {
    name: 'range over a parsed array, else',
    args: tpl('{{with $a := .Message | tryParseJSON}}{{range $a.nested.a}}<{{.}}>{{else}}none{{end}}{{end}}{{"\\n"}}'),
  },
  { name: 'len index slice', args: tpl('{{len .Message}} {{index .Labels "app"}} {{slice .PodName 1 3}}{{"\\n"}}') },
  {
    name: 'printf verbs and widths',
    args: tpl(
      '{{printf "%-10s|%5d|%q|%x|%X|%.2f|%v|%t|%05d|%+d|%8.3f|%c|%%" .PodName (len .Message) .ContainerName .ContainerName .PodName 3.14159 .Labels true 42 7 2.5 65}}{{"\\n"}}',
    ),
  },
  { name: 'print and println spacing', args: tpl('{{print .PodName 1 2 "x" 3}} {{println .ContainerName 4}}') },
  {
    name: 'and or not, truthiness',
    args: tpl(
      '{{and .PodName .ContainerName}} {{or "" .ContainerName}} {{not .Message}} {{if ""}}t{{else}}f{{end}} {{if 0}}t{{else}}f{{end}}{{"\\n"}}',
    ),
  },
  {
    name: 'comparisons',
    args: tpl('{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 1}} {{ne .PodName "x"}} {{eq .ContainerName "app" "side"}}{{"\\n"}}'),
  },
  { name: 'with, $ and variable assignment', args: tpl('{{with $x := "v"}}{{$x}}{{$x = "w"}}{{$x}} {{$.PodName}} {{.}}{{end}}{{"\\n"}}') },
  { name: 'comments and trim markers', args: tpl('{{/* a comment */}}{{- .PodName -}} : {{- .ContainerName }}  {{- "\\n" -}}') },
  { name: 'missing map key', args: tpl('[{{.Labels.nosuch}}] [{{index .Labels "nosuch"}}]{{"\\n"}}') },
  { name: 'extractJSONParts', args: tpl('{{extractJSONParts .Message "level" "msg"}}{{"\\n"}}') },
  { name: 'tryExtractJSONParts', args: tpl('{{tryExtractJSONParts .Message "level" "msg"}}{{"\\n"}}') },
  { name: 'prettyJSON of every line', args: tpl('{{ .Message | prettyJSON }}{{"\\n"}}') },
  {
    name: 'printf %+v and %#v of parseJSON values',
    args: tpl('{{with $d := .Message | parseJSON}}{{printf "%+v|%#v|%+v" $d.lvl $d.nested $d}}{{end}}{{"\\n"}}'),
  },
  { name: 'hex float literals', args: tplOne('{{printf "%v %v %+v" 0x1p-2 0x1.8p1 0x1p4}} {{.Message}}{{"\\n"}}'), exact: true },
  { name: 'json of fields', args: tpl('{{json .Labels}} {{json .Annotations}} {{json .Message}}{{"\\n"}}') },
  {
    name: 'parsed JSON values printed as Go prints them',
    args: tpl('{{with $d := .Message | tryParseJSON}}{{$d.ts}} {{$d.lvl}} {{$d.nested}} {{printf "%v" $d.nested.b}}{{end}}{{"\\n"}}'),
  },
  {
    name: 'toRFC3339Nano and toTimestamp',
    args: tpl(
      '{{with $d := .Message | tryParseJSON}}{{toRFC3339Nano $d.ts}} {{toTimestamp $d.ts "2006-01-02 15:04:05" "Asia/Tokyo"}}{{end}}{{"\\n"}}',
    ),
  },
  { name: 'toUTC', args: tpl('{{toUTC "2024-01-02T03:04:05+09:00"}}{{"\\n"}}') },
  {
    name: 'levelColor and bunyanLevelColor',
    args: tpl(
      '{{with $d := .Message | tryParseJSON}}{{levelColor $d.level}} {{bunyanLevelColor $d.lvl}}{{end}}{{"\\n"}}',
      '--color',
      'always',
    ),
  },
  {
    name: 'colour functions',
    args: tpl(
      '{{colorCustom .PodName 1 96}} {{colorRed "r"}}{{colorGreen "g"}}{{colorBlue "b"}}{{colorYellow "y"}}{{colorMagenta "m"}}{{colorCyan "c"}}{{colorWhite "w"}}{{colorBlack "k"}}{{"\\n"}}',
      '--color',
      'always',
    ),
  },
  {
    name: 'JSON nested 10,000 deep: %v, %#v, json (one level more: parseJSON fails)',
    args: deep(
      '--template',
      '{{with $d := .Message | parseJSON}}{{len (printf "%v" $d)}} {{len (printf "%#v" $d)}} {{len (json $d)}}{{end}}{{"\\n"}}',
    ),
    exact: true,
  },
  {
    name: 'JSON nested 10,000 deep: prettyJSON, tryParseJSON, tryExtractJSONParts',
    args: deep(
      '--template',
      '{{len (prettyJSON .Message)}} {{with $d := .Message | tryParseJSON}}{{len (printf "%v" $d)}}{{else}}nil{{end}} {{len (tryExtractJSONParts .Message "a")}}{{"\\n"}}',
    ),
    exact: true,
  },
  { name: 'JSON nested 2,500 deep printed whole', args: deep('--template', '{{.Message | parseJSON}}{{"\\n"}}'), exact: true },
  { name: 'JSON nested 10,000 deep: -o extjson', args: deep('-o', 'extjson'), exact: true },
  {
    name: 'colour functions without colour',
    args: tpl('{{colorRed .PodName}} {{color .PodColor .ContainerName}} {{levelColor "error"}}{{"\\n"}}', '--color', 'never'),
  },
];

before(async () => {
  ensureBinaries('all'); // stern: the oracle is built like the clusters, never skipped
  await clusters();
  home = mkdtempSync(join(tmpdir(), 'ktail-parity-'));
  writeFileSync(join(home, 'stern.tpl'), '{{.Namespace}}/{{.PodName}}/{{.ContainerName}}: {{.Message}}\n');
  ns = uniqueNamespace('parity');
  ns2 = uniqueNamespace('parity2');
  const labels = { app: 'web', tier: 'front', parity: ns };
  const pods = [
    await createPod(C1, `${ns}/web-1`, { containers: ['app', 'side'], labels, annotations: { team: 'core', 'example.com/owner': 'ops' } }),
    await createPod(C1, `${ns}/api-7`, { labels: { app: 'api', parity: ns }, annotations: { team: 'edge' } }),
    await createPod(C1, `${ns2}/db-0`, { labels: { app: 'db', parity: ns } }),
  ];
  for (const files of pods) for (const file of Object.values(files)) appendFileSync(file, LINES.map((l) => criLine(l)).join(''));
  nsDeep = uniqueNamespace('parity-deep');
  const deepPod = await createPod(C1, `${nsDeep}/deep-json`, { labels: { app: 'deep' } });
  for (const file of Object.values(deepPod)) appendFileSync(file, DEEP_LINES.map((l) => criFragments(l)).join(''));
});

const lines = (s: string) =>
  s
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .sort();

describe('ktail prints what stern prints', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const args = c.args();
      const [s, k] = await Promise.all([stern(args), ktail(args)]);
      assert.ok(s.stdout.length > 0, `stern printed nothing for ${JSON.stringify(args)}: ${s.stderr}`);
      assert.equal(k.code, 0, `ktail exit ${k.code}: ${k.stderr}`);
      const got = c.normalise ? c.normalise(k.stdout) : k.stdout;
      const want = c.normalise ? reserialise(s.stdout) : s.stdout;
      if (c.exact) assert.equal(got, want);
      else assert.deepEqual(lines(got), lines(want));
    });
  }
});
