// Items → a tree, as Go's text/template/parse builds it, with Go's error messages
// ("template: log:1: function \"foo\" not defined"). Functions must be known at parse time,
// variables declared before use; {{break}}/{{continue}} only inside {{range}}.
import { isKeyword, lex, type Item, type ItemType } from './lexer.js';
import { nodeString, type CommandNode, type ControlNode, type ListNode, type Node, type NumberNode, type PipeNode } from './nodes.js';
import { quote } from './printf.js';

export class ParseError extends Error {}

/** Go's item.String() */
function itemString(i: Item): string {
  if (i.type === 'EOF') return 'EOF';
  if (i.type === 'error') return i.val;
  if (isKeyword(i.type)) return `<${i.val}>`;
  const r = [...i.val];
  if (r.length > 10) return `${quote(r.slice(0, 10).join(''))}...`;
  return quote(i.val);
}

const ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** strconv.Unquote; undefined = invalid syntax */
export function unquote(s: string): string | undefined {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) return undefined;
  const body = s.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length;) {
    const c = body[i] as string;
    if (c === q || c === '\n') return undefined;
    if (c !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i) as number);
      out += ch;
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (ESCAPES[e] !== undefined) {
      if ((e === "'" && q !== "'") || (e === '"' && q !== '"')) return undefined;
      out += ESCAPES[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const h = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return undefined;
      const v = parseInt(h, 16);
      if (e === 'x') out += q === "'" ? String.fromCodePoint(v) : Buffer.from([v]).toString('latin1');
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
        out += String.fromCodePoint(v);
      }
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(o, 8));
      i += 4;
    } else return undefined;
  }
  if (q === "'" && [...out].length !== 1) return undefined;
  return out;
}

/** strconv.ParseFloat of a hex float such as 0x1.8p3: the exact mantissa rounded once, ties to even */
function hexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
  const digits = m ? `${m[1]}${m[2] ?? ''}` : '';
  if (!m || digits === '') return NaN;
  let mant = BigInt(`0x${digits}`);
  let exp = Number(m[3]) - 4 * (m[2]?.length ?? 0);
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  const lead = bits - 1 + exp;
  if (lead < -1075) return 0;
  // float64 keeps 53 bits, fewer as the value sinks below 2^-1022
  const drop = bits - Math.min(bits, 53 - Math.max(0, -1022 - lead));
  if (drop > 0) {
    const half = 1n << BigInt(drop - 1);
    const rem = mant & ((half << 1n) - 1n);
    mant >>= BigInt(drop);
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant++;
    exp += drop;
  }
  // mant now fits a float64 exactly; scale in steps so no intermediate power of two overflows
  let x = Number(mant);
  for (; exp > 1000; exp -= 1000) x *= 2 ** 1000;
  for (; exp < -1000; exp += 1000) x *= 2 ** -1000;
  return x * 2 ** exp;
}

function numberNode(pos: number, text: string, type: ItemType, fail: (m: string) => never): NumberNode {
  const n: NumberNode = { type: 'number', pos, text, isComplex: false };
  if (type === 'charConstant') {
    const r = unquote(text);
    if (r === undefined) fail(`malformed character constant: ${text}`);
    const cp = BigInt(r.codePointAt(0) as number);
    return { ...n, int: cp, float: Number(cp) };
  }
  if (type === 'complex' || text.endsWith('i')) {
    // complex constants parse in Go, but nothing in a log template takes one
    return { ...n, isComplex: true };
  }
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1n : 1n;
  const body = clean.replace(/^[+-]/, '');
  let int: bigint | undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body) || /^0[oO][0-7]+$/.test(body))
    int = sign * BigInt(body.replace(/^0[oO]/, '0o'));
  else if (/^0[0-7]*$/.test(body)) int = sign * BigInt(`0o${body.slice(1) || '0'}`);
  else if (/^\d+$/.test(body)) int = sign * BigInt(body);
  const float = /^0[xX].*[pP]/.test(body) ? Number(sign) * hexFloat(body) : Number(clean);
  if (int !== undefined) {
    if (int > 2n ** 64n - 1n || int < -(2n ** 63n)) fail(`integer overflow: ${quote(text)}`);
    if (int > 2n ** 63n - 1n) int = undefined;
    return { ...n, int, float: Number(int ?? float) };
  }
  // out of float64's range is a syntax error to Go's parser (strconv.ParseFloat's ErrRange), not ±Inf
  if (!Number.isFinite(float)) fail(`illegal number syntax: ${quote(text)}`);
  // a float that is an integer also counts as one (Go: 1e3 is an int constant)
  if (Number.isInteger(float) && Math.abs(float) < 2 ** 63) return { ...n, int: BigInt(float), float };
  return { ...n, float };
}

export function parse(name: string, text: string, functions: ReadonlySet<string>): ListNode {
  const items = lex(text);
  let i = 0;
  let furthest = 0;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;
  let depth = 0;

  const fail = (message: string): never => {
    const line = (items[Math.max(furthest, 1) - 1] as Item).line;
    throw new ParseError(`template: ${name}:${line}: ${message}`);
  };
  const next = (): Item => {
    const it = items[i] ?? (items[items.length - 1] as Item);
    i = Math.min(i + 1, items.length);
    furthest = Math.max(furthest, i);
    return it;
  };
  const backup = (n = 1) => {
    i -= n;
  };
  const peek = (): Item => {
    const it = next();
    backup();
    return it;
  };
  const nextNonSpace = (): Item => {
    let it: Item;
    do it = next();
    while (it.type === 'space');
    return it;
  };
  const peekNonSpace = (): Item => {
    const it = nextNonSpace();
    backup();
    return it;
  };
  const unexpected = (it: Item, context: string): never => {
    if (it.type === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== it.line) {
        extra = ` in action started at ${name}:${actionLine}`;
        if (it.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return fail(it.val + extra);
    }
    return fail(`unexpected ${itemString(it)} in ${context}`);
  };
  const expect = (type: ItemType, context: string): Item => {
    const it = nextNonSpace();
    if (it.type !== type) unexpected(it, context);
    return it;
  };

  const itemList = (): { list: ListNode; end: Node } => {
    const list: ListNode = { type: 'list', pos: peekNonSpace().pos, nodes: [] };
    while (peekNonSpace().type !== 'EOF') {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, end: n };
      list.nodes.push(n);
    }
    return fail('unexpected EOF');
  };

  const textOrAction = (): Node => {
    const it = nextNonSpace();
    if (it.type === 'text') return { type: 'text', pos: it.pos, text: it.val };
    if (it.type === 'leftDelim') {
      actionLine = it.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(it, 'input');
  };

  const action = (): Node => {
    const it = nextNonSpace();
    switch (it.type) {
      case 'break':
      case 'continue': {
        const t = nextNonSpace();
        if (t.type !== 'rightDelim') unexpected(t, `{{${it.type}}}`);
        if (rangeDepth === 0) fail(`{{${it.type}}} outside {{range}}`);
        return { type: it.type, pos: it.pos, line: it.line };
      }
      case 'else': {
        const p = peekNonSpace();
        if (p.type === 'if' || p.type === 'with') return { type: 'else', pos: p.pos, line: p.line };
        const t = expect('rightDelim', 'else');
        return { type: 'else', pos: t.pos, line: t.line };
      }
      case 'end':
        return { type: 'end', pos: expect('rightDelim', 'end').pos, line: it.line };
      case 'if':
      case 'range':
      case 'with':
        return control(it.type);
      case 'define':
      case 'template':
      case 'block':
        return fail(`{{${it.type}}} is not supported in ktail templates (one template per run)`);
      default:
        break;
    }
    backup();
    const t = peek();
    return { type: 'action', pos: t.pos, line: t.line, pipe: pipeline('command', 'rightDelim') };
  };

  const control = (context: 'if' | 'range' | 'with'): ControlNode => {
    const mark = vars.length;
    try {
      const pipe = pipeline(context, 'rightDelim');
      if (context === 'range') rangeDepth++;
      const body = itemList();
      if (context === 'range') rangeDepth--;
      let elseList: ListNode | undefined;
      if (body.end.type === 'else') {
        if ((context === 'if' && peek().type === 'if') || (context === 'with' && peek().type === 'with')) {
          next();
          elseList = { type: 'list', pos: body.end.pos, nodes: [control(context)] };
        } else {
          const e = itemList();
          if (e.end.type !== 'end') fail(`expected end; found ${nodeString(e.end)}`);
          elseList = e.list;
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, pipe, list: body.list, elseList };
    } finally {
      vars = vars.slice(0, mark);
    }
  };

  const pipeline = (context: string, end: ItemType): PipeNode => {
    const first = peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = peekNonSpace();
      if (v.type !== 'variable') break;
      next();
      const after = peek();
      const nx = peekNonSpace();
      if (nx.type === 'assign' || nx.type === 'declare') {
        pipe.isAssign = nx.type === 'assign';
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        vars.push(v.val);
      } else if (nx.type === 'char' && nx.val === ',') {
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          fail('range can only initialize variables');
        }
        fail(`too many declarations in ${context}`);
      } else if (after.type === 'space') {
        backup(2);
      } else {
        backup(1);
      }
      break;
    }
    for (;;) {
      const it = nextNonSpace();
      if (it.type === end) {
        if (!pipe.cmds.length) fail(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, k) => {
          const t = (c.args[0] as Node).type;
          if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string')
            fail(`non executable command in pipeline stage ${k + 2}`);
        });
        return pipe;
      }
      if (
        [
          'bool',
          'charConstant',
          'complex',
          'dot',
          'field',
          'identifier',
          'number',
          'nil',
          'rawString',
          'string',
          'variable',
          'leftParen',
        ].includes(it.type)
      ) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(it, context);
    }
  };

  const command = (): CommandNode => {
    const cmd: CommandNode = { type: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const it = next();
      if (it.type === 'space') continue;
      if (it.type === 'rightDelim' || it.type === 'rightParen') backup();
      else if (it.type !== 'pipe') unexpected(it, 'operand');
      break;
    }
    if (!cmd.args.length) fail('empty command');
    return cmd;
  };

  const operand = (): Node | undefined => {
    const node = term();
    if (!node) return undefined;
    if (peek().type !== 'field') return node;
    const fields: string[] = [];
    const pos = peek().pos;
    while (peek().type === 'field') fields.push(next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return fail(`unexpected . after term ${quote(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  };

  const term = (): Node | undefined => {
    const it = nextNonSpace();
    switch (it.type) {
      case 'identifier':
        if (!functions.has(it.val)) fail(`function ${quote(it.val)} not defined`);
        return { type: 'identifier', pos: it.pos, ident: it.val };
      case 'dot':
        return { type: 'dot', pos: it.pos };
      case 'nil':
        return { type: 'nil', pos: it.pos };
      case 'variable': {
        const head = it.val.split('.')[0] as string;
        if (!vars.includes(head)) fail(`undefined variable ${quote(head)}`);
        return { type: 'variable', pos: it.pos, ident: [it.val] };
      }
      case 'field':
        return { type: 'field', pos: it.pos, ident: [it.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: it.pos, value: it.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return numberNode(it.pos, it.val, it.type, fail);
      case 'leftParen': {
        if (depth >= 10000) fail('max expression depth exceeded');
        depth++;
        try {
          return pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          depth--;
        }
      }
      case 'string':
      case 'rawString': {
        const s = unquote(it.val);
        if (s === undefined) fail('invalid syntax');
        return { type: 'string', pos: it.pos, quoted: it.val, text: s as string };
      }
      default:
        backup();
        return undefined;
    }
  };

  const root: ListNode = { type: 'list', pos: peek().pos, nodes: [] };
  while (peek().type !== 'EOF') {
    const n = textOrAction();
    if (n.type === 'end' || n.type === 'else') fail(`unexpected ${nodeString(n)}`);
    root.nodes.push(n);
  }
  return root;
}
