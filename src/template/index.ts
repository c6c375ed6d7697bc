// Go templates as stern runs them: parse once (errors are Go's, with the line), then render
// each log record. The data is a struct of known fields, so a field that cannot exist on
// it is reported at parse time too, in the words Go would use on the first line.
import { builtins } from './builtins.js';
import { execute, ExecError, printed, type Fn } from './exec.js';
import { sternFunctions, type FunctionEnv } from './functions.js';
import { nodeString, type ListNode, type Node } from './nodes.js';
import { parse, ParseError } from './parse.js';
import { Painted, type GoStruct, type Value } from './values.js';

export { ExecError, ParseError };
export type { FunctionEnv };

/** stern names its template "log"; errors say so */
export const TEMPLATE_NAME = 'log';

export interface Template {
  source: string;
  tree: ListNode;
}

const NAMES = new Set([...builtins((s) => s).keys(), ...sternFunctions({ colors: false, clean: (s) => s }).keys()]);

/** The functions a template may call, by name. */
export const functionNames = (): ReadonlySet<string> => NAMES;

/**
 * Parses a template. A syntax error, an unknown function or variable, or a field the
 * data type does not have (rootType/rootFields) throws ParseError with Go's message.
 */
export function parseTemplate(source: string, root?: { type: string; fields: ReadonlySet<string> }): Template {
  const tree = parse(TEMPLATE_NAME, source, NAMES);
  if (root) checkRootFields(source, tree, root);
  return { source, tree };
}

/** Go reports `.Nope` on the first line it executes; the data type is fixed, so say it now. */
function checkRootFields(source: string, tree: ListNode, root: { type: string; fields: ReadonlySet<string> }) {
  const bad = (n: Node, field: string): never => {
    const before = source.slice(0, n.pos);
    const nl = before.lastIndexOf('\n');
    const col = Buffer.byteLength(nl === -1 ? before : before.slice(nl + 1));
    throw new ParseError(
      `template: ${TEMPLATE_NAME}:${before.split('\n').length}:${col}: executing "${TEMPLATE_NAME}" at <${nodeString(n)}>: can't evaluate field ${field} in type ${root.type}`,
    );
  };
  const visit = (n: Node | undefined, dotIsRoot: boolean): void => {
    if (!n) return;
    switch (n.type) {
      case 'list':
        n.nodes.forEach((c) => visit(c, dotIsRoot));
        return;
      case 'action':
        visit(n.pipe, dotIsRoot);
        return;
      case 'pipe':
        n.cmds.forEach((c) => visit(c, dotIsRoot));
        return;
      case 'command':
        n.args.forEach((c) => visit(c, dotIsRoot));
        return;
      case 'chain':
        visit(n.node, dotIsRoot);
        return;
      case 'field':
        if (dotIsRoot && !root.fields.has(n.ident[0] as string)) bad(n, n.ident[0] as string);
        return;
      case 'variable':
        if (n.ident[0] === '$' && n.ident.length > 1 && !root.fields.has(n.ident[1] as string)) bad(n, n.ident[1] as string);
        return;
      case 'if':
      case 'with':
      case 'range':
        visit(n.pipe, dotIsRoot);
        visit(n.list, n.type === 'if' ? dotIsRoot : false);
        visit(n.elseList, dotIsRoot);
        return;
      default:
        return;
    }
  };
  visit(tree, true);
}

/**
 * The renderer for one output: function table bound to the colour setting and to `clean`,
 * which every printed value goes through except the colour functions' own output.
 */
export function renderer(t: Template, env: FunctionEnv): (data: GoStruct | Value) => string {
  const functions = new Map<string, Fn>([...builtins(env.clean), ...sternFunctions(env)]);
  const ctx = {
    name: TEMPLATE_NAME,
    text: t.source,
    functions,
    print: (v: Value) => (v instanceof Painted ? v.text : env.clean(printed(v))),
  };
  return (data) => execute(t.tree, data, ctx);
}
