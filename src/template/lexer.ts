// Template text → items, as Go's text/template/parse lexer cuts it: text, {{ }} with trim
// markers, comments, and inside actions fields, variables, literals, keywords, punctuation.
// An error ends the items with one 'error' item carrying Go's message.

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'EOF'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  type: ItemType;
  /** offset in the template (UTF-16 units) */
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Set<ItemType>([
  'block',
  'break',
  'continue',
  'dot',
  'define',
  'else',
  'end',
  'if',
  'nil',
  'range',
  'template',
  'with',
]);
const KEY: Record<string, ItemType> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};
export const isKeyword = (t: ItemType) => KEYWORDS.has(t);

const LEFT = '{{';
const RIGHT = '}}';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined) => c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
const hasLeftTrim = (s: string, at: number) => s[at] === '-' && isSpace(s[at + 1]);
const hasRightTrim = (s: string, at: number) => isSpace(s[at]) && s[at + 1] === '-';
const trimRightLen = (s: string) => s.length - s.replace(/[ \t\r\n]+$/, '').length;
const trimLeftLen = (s: string) => s.length - s.replace(/^[ \t\r\n]+/, '').length;
const count = (s: string, ch: string) => s.split(ch).length - 1;

/** Go's %#U of a character, e.g. U+0040 '@' */
export function sharpU(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `${code} '${c}'` : code;
}

export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: ItemType, val = input.slice(start, pos)) => {
    items.push({ type, pos: start, val, line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = () => {
    line += count(input.slice(start, pos), '\n');
    start = pos;
    startLine = line;
  };
  const fail = (message: string): false => {
    items.push({ type: 'error', pos: start, val: message, line: startLine });
    return false;
  };
  const next = (): string | undefined => {
    if (pos >= input.length) {
      pos = input.length + 1;
      return undefined;
    }
    const c = String.fromCodePoint(input.codePointAt(pos) as number);
    pos += c.length;
    if (c === '\n') line++;
    return c;
  };
  const backup = (c: string | undefined) => {
    if (c === undefined) pos = input.length;
    else {
      pos -= c.length;
      if (c === '\n') line--;
    }
  };
  const peek = () => {
    const c = next();
    backup(c);
    return c;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrim(input, pos) && input.startsWith(RIGHT, pos + 2)) return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };
  const atTerminator = () => {
    const c = peek();
    if (isSpace(c) || c === undefined || '.,|:)('.includes(c)) return true;
    return input.startsWith(RIGHT, pos);
  };

  // lexText: returns false at EOF or error, true when an action starts
  const text = (): boolean => {
    const x = input.indexOf(LEFT, pos);
    if (x === -1) {
      pos = input.length;
      if (pos > start) {
        line += count(input.slice(start, pos), '\n');
        emit('text');
      }
      emit('EOF', 'EOF');
      return false;
    }
    if (x > pos) {
      pos = x;
      const trim = hasLeftTrim(input, pos + LEFT.length) ? trimRightLen(input.slice(start, pos)) : 0;
      pos -= trim;
      line += count(input.slice(start, pos), '\n');
      const val = input.slice(start, pos);
      if (val.length) items.push({ type: 'text', pos: start, val, line: startLine });
      start = pos;
      startLine = line;
      pos += trim;
      ignore();
    }
    return leftDelim();
  };

  const leftDelim = (): boolean => {
    pos += LEFT.length;
    const trim = hasLeftTrim(input, pos);
    const after = trim ? 2 : 0;
    if (input.startsWith('/*', pos + after)) {
      pos += after;
      ignore();
      return comment();
    }
    emit('leftDelim');
    pos += after;
    ignore();
    parenDepth = 0;
    return insideAction();
  };

  const comment = (): boolean => {
    pos += 2;
    const x = input.indexOf('*/', pos);
    if (x < 0) return fail('unclosed comment');
    pos = x + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail('comment ends before closing delimiter');
    line += count(input.slice(start, pos), '\n');
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) pos += trimLeftLen(input.slice(pos));
    ignore();
    return true;
  };

  const rightDelim = (trim: boolean): boolean => {
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) {
      pos += trimLeftLen(input.slice(pos));
      ignore();
    }
    return true;
  };

  const fieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let c: string | undefined;
    for (;;) {
      c = next();
      if (!isAlphaNumeric(c)) {
        backup(c);
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${sharpU(c ?? '')}`);
    emit(type);
    return true;
  };

  const scanNumber = (): boolean => {
    const accept = (valid: string) => {
      const c = next();
      if (c !== undefined && valid.includes(c)) return true;
      backup(c);
      return false;
    };
    const acceptRun = (valid: string) => {
      for (;;) {
        const c = next();
        if (c === undefined || !valid.includes(c)) {
          backup(c);
          return;
        }
      }
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const quoted = (q: string, type: ItemType, message: string): boolean => {
    for (;;) {
      const c = next();
      if (c === '\\' && q !== '`') {
        const d = next();
        if (d !== undefined && d !== '\n') continue;
        return fail(message);
      }
      if (c === undefined || (c === '\n' && q !== '`')) return fail(message);
      if (c === q) break;
    }
    emit(type);
    return true;
  };

  // one item inside an action; false on error
  const insideAction = (): boolean => {
    for (;;) {
      const { delim, trim } = atRightDelim();
      if (delim) {
        if (parenDepth === 0) return rightDelim(trim);
        return fail('unclosed left paren');
      }
      const c = next();
      if (c === undefined) return fail('unclosed action');
      if (isSpace(c)) {
        backup(c);
        let n = 0;
        while (isSpace(peek())) {
          next();
          n++;
        }
        if (hasRightTrim(input, pos - 1) && input.startsWith(RIGHT, pos + 1)) {
          backup(input[pos - 1]);
          if (n === 1) {
            start = pos;
            return rightDelim(true);
          }
        }
        emit('space');
        continue;
      }
      if (c === '=') emit('assign');
      else if (c === ':') {
        if (next() !== '=') return fail('expected :=');
        emit('declare');
      } else if (c === '|') emit('pipe');
      else if (c === '"') {
        if (!quoted('"', 'string', 'unterminated quoted string')) return false;
      } else if (c === '`') {
        if (!quoted('`', 'rawString', 'unterminated raw quoted string')) return false;
      } else if (c === '$') {
        if (!fieldOrVariable('variable')) return false;
      } else if (c === "'") {
        if (!quoted("'", 'charConstant', 'unterminated character constant')) return false;
      } else if (c === '.' && !(pos < input.length && (input[pos] as string) >= '0' && (input[pos] as string) <= '9')) {
        if (!fieldOrVariable('field')) return false;
      } else if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        backup(c);
        if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        const sign = peek();
        if (sign === '+' || sign === '-') {
          if (!scanNumber() || input[pos - 1] !== 'i') return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
          emit('complex');
        } else emit('number');
      } else if (isAlphaNumeric(c)) {
        let d: string | undefined;
        do d = next();
        while (isAlphaNumeric(d));
        backup(d);
        const word = input.slice(start, pos);
        if (!atTerminator()) return fail(`bad character ${sharpU(d ?? '')}`);
        const k = Object.hasOwn(KEY, word) ? KEY[word] : undefined;
        if (k && k !== 'dot') emit(k);
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (c === '(') {
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
      } else if ((c.codePointAt(0) as number) <= 0x7f && /[\x20-\x7e]/.test(c)) emit('char');
      else return fail(`unrecognized character in action: ${sharpU(c)}`);
    }
  };

  while (text()) {
    // an action ended: back to text
  }
  return items;
}
