// Runs a parsed template on one value, as Go's text/template executes it: dot and
// variables, if/with/range/else, break/continue, field chains on structs and maps,
// function calls with Go's argument checks, and Go's "executing … at <…>" errors.
import { nodeString, type CommandNode, type ControlNode, type ListNode, type Node, type NumberNode, type PipeNode } from './nodes.js';
import { sprintValue } from './printf.js';
import { ANY_MAP, GoColor, GoMap, GoStruct, GoTime, isTrue, JsonNumber, Painted, stringOf, typeName, type Value } from './values.js';
import { methodOf } from './methods.js';

/** What a function parameter accepts (Go's parameter types, reduced to what ktail's functions use). */
export type Param = 'any' | 'string' | 'int' | 'color' | 'value';

export interface Fn {
  params: Param[];
  /** the type of the trailing ... parameter */
  variadic?: Param;
  /** a thrown FnError becomes "error calling NAME: message" */
  call(args: Value[]): Value;
}

export class FnError extends Error {}

export class ExecError extends Error {}

const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;

class Break {}
class Continue {}

const PARAM_TYPE: Record<Param, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  color: 'color.Color',
};

export interface ExecContext {
  name: string;
  text: string;
  functions: ReadonlyMap<string, Fn>;
  /** how a printed value reaches the output (ktail neutralises untrusted text here) */
  print(v: Value): string;
}

/** Go's {{.}} truth of a value that may be missing */
const truth = (v: Value) => isTrue(v);

export function execute(root: ListNode, data: Value, ctx: ExecContext): string {
  let out = '';
  let at: Node | undefined;
  const vars: { name: string; value: Value }[] = [{ name: '$', value: data }];

  const fail = (message: string): never => {
    if (!at) throw new ExecError(`template: ${ctx.name}: ${message}`);
    const before = ctx.text.slice(0, at.pos);
    const nl = before.lastIndexOf('\n');
    const col = Buffer.byteLength(nl === -1 ? before : before.slice(nl + 1));
    const line = 1 + before.split('\n').length - 1;
    throw new ExecError(`template: ${ctx.name}:${line}:${col}: executing "${ctx.name}" at <${nodeString(at)}>: ${message}`);
  };

  const varValue = (name: string): Value => {
    for (let i = vars.length - 1; i >= 0; i--) if ((vars[i] as { name: string }).name === name) return (vars[i] as { value: Value }).value;
    return fail(`undefined variable: ${name}`);
  };
  const setVar = (name: string, value: Value) => {
    for (let i = vars.length - 1; i >= 0; i--) {
      const v = vars[i] as { name: string; value: Value };
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    fail(`undefined variable: ${name}`);
  };

  const walk = (dot: Value, node: Node): void => {
    switch (node.type) {
      case 'action': {
        const v = evalPipeline(dot, node.pipe);
        if (!node.pipe.decl.length) {
          at = node;
          out += ctx.print(v);
        }
        return;
      }
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'if':
      case 'with': {
        const mark = vars.length;
        const v = evalPipeline(dot, node.pipe);
        if (truth(v)) walk(node.type === 'with' ? v : dot, node.list);
        else if (node.elseList) walk(dot, node.elseList);
        vars.length = mark;
        return;
      }
      case 'list':
        for (const n of node.nodes) walk(dot, n);
        return;
      case 'range':
        return walkRange(dot, node);
      case 'text':
        out += node.text;
        return;
      default:
        fail(`unknown node: ${nodeString(node)}`);
    }
  };

  const walkRange = (dot: Value, r: ControlNode) => {
    at = r;
    const mark = vars.length;
    const val = evalPipeline(dot, r.pipe);
    const inner = vars.length;
    const one = (index: Value, elem: Value): boolean => {
      const decl = r.pipe.decl;
      if (decl.length) {
        if (r.pipe.isAssign) {
          if (decl.length > 1) setVar(decl[0]?.ident[0] as string, index);
          else setVar(decl[0]?.ident[0] as string, elem);
        } else (vars[inner - 1] as { value: Value }).value = decl.length > 1 ? index : elem;
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) setVar(decl[1]?.ident[0] as string, elem);
        else {
          (vars[inner - 2] as { value: Value }).value = index;
          (vars[inner - 1] as { value: Value }).value = elem;
        }
      }
      try {
        walk(elem, r.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        vars.length = inner;
      }
      return true;
    };
    let ran = false;
    if (typeof val === 'bigint') {
      if (r.pipe.decl.length > 1) fail(`can't use ${sprintValue(val)} to iterate over more than one variable`);
      for (let i = 0n; i < val; i++) {
        ran = true;
        if (!one(undefined, i)) break;
      }
    } else if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (!one(BigInt(i), val[i])) break;
      }
    } else if (val instanceof GoMap) {
      for (const k of val.sortedKeys()) {
        ran = true;
        if (!one(k, val.entries?.get(k))) break;
      }
    } else if (val !== undefined && val !== null) fail(`range can't iterate over ${sprintValue(val)}`);
    if (!ran && r.elseList) walk(dot, r.elseList);
    vars.length = mark;
  };

  const evalPipeline = (dot: Value, pipe: PipeNode): Value => {
    at = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = evalCommand(dot, cmd, value);
    // an interface{} holding nil is no value once the pipeline is done, as in Go
    const v = value === MISSING || value === null ? undefined : value;
    for (const d of pipe.decl) {
      if (pipe.isAssign) setVar(d.ident[0] as string, v);
      else vars.push({ name: d.ident[0] as string, value: v });
    }
    return v;
  };

  const notAFunction = (args: Node[], final: Final) => {
    if (args.length > 1 || final !== MISSING) fail(`can't give argument to non-function ${nodeString(args[0] as Node)}`);
  };

  const evalCommand = (dot: Value, cmd: CommandNode, final: Final): Value => {
    const first = cmd.args[0] as Node;
    switch (first.type) {
      case 'field':
        at = first;
        return evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return evalChain(dot, first, cmd.args, final);
      case 'identifier':
        at = first;
        return evalFunction(dot, first.ident, cmd, cmd.args, final);
      case 'pipe':
        notAFunction(cmd.args, final);
        return evalPipeline(dot, first);
      case 'variable':
        return evalVariable(dot, first, cmd.args, final);
      default:
        break;
    }
    at = first;
    notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return fail('nil is not a command');
      case 'number':
        return idealConstant(first);
      case 'string':
        return first.text;
      default:
        return fail(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
    }
  };

  const idealConstant = (n: NumberNode): Value => {
    at = n;
    if (n.isComplex) return fail(`complex constants are not supported: ${n.text}`);
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.float !== undefined && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
    if (n.int !== undefined) return n.int;
    return fail(`${n.text} overflows int`);
  };

  const evalChain = (dot: Value, chain: Extract<Node, { type: 'chain' }>, args: Node[], final: Final): Value => {
    at = chain;
    if (chain.node.type === 'nil') fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = evalArg(dot, 'any', chain.node);
    return evalFieldChain(dot, pipe, chain, chain.field, args, final);
  };

  const evalVariable = (dot: Value, v: Extract<Node, { type: 'variable' }>, args: Node[], final: Final): Value => {
    at = v;
    const value = varValue(v.ident[0] as string);
    if (v.ident.length === 1) {
      notAFunction(args, final);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  };

  const evalFieldChain = (dot: Value, receiver: Value, node: Node, ident: string[], args: Node[], final: Final): Value => {
    let r = receiver;
    // a value taken out of a map[string]interface{} has static type interface {} in Go's messages
    let fromAny = false;
    for (let i = 0; i < ident.length - 1; i++) {
      const inAny = r instanceof GoMap && r.type === ANY_MAP;
      r = evalField(dot, ident[i] as string, node, [], MISSING, r, fromAny);
      fromAny = inAny;
    }
    return evalField(dot, ident[ident.length - 1] as string, node, args, final, r, fromAny);
  };

  const evalField = (dot: Value, name: string, node: Node, args: Node[], final: Final, receiver: Value, fromAny = false): Value => {
    if (receiver === undefined) return undefined;
    if (receiver === null) return fail(`nil pointer evaluating interface {}.${name}`);
    const method = methodOf(receiver, name);
    if (method) return evalCall(dot, method, false, node, name, args, final);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct && receiver.fields.has(name)) {
      if (hasArgs) fail(`${name} has arguments but cannot be invoked as function`);
      return receiver.fields.get(name);
    }
    if (receiver instanceof GoMap) {
      if (hasArgs) fail(`${name} is not a method but has arguments`);
      return receiver.entries?.get(name);
    }
    return fail(`can't evaluate field ${name} in type ${fromAny ? 'interface {}' : typeName(receiver)}`);
  };

  const evalFunction = (dot: Value, name: string, cmd: Node, args: Node[], final: Final): Value => {
    const fn = ctx.functions.get(name);
    if (!fn) return fail(`${JSON.stringify(name)} is not a defined function`);
    return evalCall(dot, fn, true, cmd, name, args, final);
  };

  const evalCall = (dot: Value, fn: Fn, builtin: boolean, node: Node, name: string, allArgs: Node[], final: Final): Value => {
    const args = allArgs.slice(1);
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const fixed = fn.params.length;
    if (fn.variadic) {
      if (numIn < fixed) fail(`wrong number of args for ${name}: want at least ${fixed} got ${args.length}`);
    } else if (numIn !== fixed) fail(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);

    if (builtin && (name === 'and' || name === 'or')) {
      let v: Value;
      for (const a of args) {
        v = evalArg(dot, 'value', a);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const paramAt = (i: number): Param => (i < fixed ? (fn.params[i] as Param) : (fn.variadic as Param));
    const argv: Value[] = args.map((a, i) => evalArg(dot, paramAt(i), a));
    if (final !== MISSING) argv.push(validateType(final, paramAt(args.length)));
    try {
      return fn.call(argv);
    } catch (err) {
      // Go's safeCall: an error returned and a panic inside the function both become this
      // error (JS's own, such as a string past its longest, are the panics here)
      if (err instanceof ExecError || !(err instanceof Error)) throw err;
      at = node;
      return fail(`error calling ${name}: ${err.message}`);
    }
  };

  const validateType = (value: Value, p: Param): Value => {
    if (value === undefined) {
      if (p === 'any' || p === 'value') return p === 'any' ? null : undefined;
      return fail(`invalid value; expected ${PARAM_TYPE[p]}`);
    }
    if (p === 'any' || p === 'value') return value;
    const ok =
      p === 'string'
        ? typeof value === 'string' || value instanceof Painted
        : p === 'int'
          ? typeof value === 'bigint'
          : value instanceof GoColor;
    // a nil here came out of a map or slice of interface{}: Go names that static type
    if (!ok) fail(`wrong type for value; expected ${PARAM_TYPE[p]}; got ${value === null ? 'interface {}' : typeName(value)}`);
    return value;
  };

  const evalArg = (dot: Value, p: Param, n: Node): Value => {
    at = n;
    switch (n.type) {
      case 'dot':
        return validateType(dot, p);
      case 'nil':
        if (p === 'any' || p === 'value') return p === 'any' ? null : undefined;
        return fail(`cannot assign nil to ${PARAM_TYPE[p]}`);
      case 'field':
        return validateType(evalFieldChain(dot, dot, n, n.ident, [n], MISSING), p);
      case 'variable':
        return validateType(evalVariable(dot, n, [], MISSING), p);
      case 'pipe':
        return validateType(evalPipeline(dot, n), p);
      case 'identifier':
        return validateType(evalFunction(dot, n.ident, n, [n], MISSING), p);
      case 'chain':
        return validateType(evalChain(dot, n, [], MISSING), p);
      default:
        break;
    }
    if (p === 'string') {
      if (n.type === 'string') return n.text;
      return fail(`expected string; found ${nodeString(n)}`);
    }
    if (p === 'int') {
      if (n.type === 'number' && n.int !== undefined) return n.int;
      return fail(`expected integer; found ${nodeString(n)}`);
    }
    if (p === 'color') return fail(`can't handle ${nodeString(n)} for arg of type color.Color`);
    if (n.type === 'bool') return n.value;
    if (n.type === 'number') return idealConstant(n);
    if (n.type === 'string') return n.text;
    return fail(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  };

  walk(data, root);
  return out;
}

/** text/template's printing of an action's value: "<no value>" for a missing one */
export const printed = (v: Value): string =>
  v === undefined ? '<no value>' : v instanceof GoColor ? `{[${v.sgr.split(';').join(' ')}] <nil>}` : sprintValue(v);

export { GoTime, JsonNumber, stringOf };
