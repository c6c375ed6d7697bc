// Items → a tree, as Go's text/template/parse builds it, with Go's error messages
// ("template: log:1: function \"foo\" not defined"). Functions must be known at parse time,
// variables declared before use; {{break}}/{{continue}} only inside {{range}}.
import { isKeyword, lex, type Item, type ItemType } from './lexer.js';
import { numberNode, unquote } from './literals.js';
import { nodeString, type CommandNode, type ControlNode, type ListNode, type Node, type PipeNode } from './nodes.js';
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
