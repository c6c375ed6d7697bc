// stern v1.34's template functions (cmd/cmd.go generateTemplate) with its semantics, plus
// ktail's upper/lower. Colour functions paint only when colours are on, as fatih/color does,
// and their output is the only text a template writes without `clean`.
import { FnError, type Fn } from './exec.js';
import { decodeObject, isValidJSON, jsonString, marshal } from './json.js';
import { sprint, sprintf, sprintValue } from './printf.js';
import { CastError, formatLayout, inZone, RFC3339_NANO, toTime, toUTC } from './time.js';
import { ANY_MAP, GoMap, JsonNumber, Painted, stringOf, typeName, type GoColor, type GoTime, type Value } from './values.js';

export interface FunctionEnv {
  colors: boolean;
  /** neutralises untrusted text for the terminal (identity to a pipe) */
  clean: (s: string) => string;
}

// fatih/color ends each attribute with its own reset where there is one
const RESETS: Record<number, number> = { 1: 22, 2: 22, 3: 23, 4: 24, 5: 25, 6: 25, 7: 27, 8: 28, 9: 29 };

/** stern's levelColor: SGR code per level name (lower case) */
export const LEVELS: ReadonlyMap<string, number> = new Map(
  Object.entries({ debug: 35, info: 34, warn: 33, warning: 33, error: 31, dpanic: 31, panic: 31, fatal: 36, critical: 36 }),
);

const str = (v: Value) => stringOf(v) ?? '';

const errorOf = (err: unknown) => new FnError(err instanceof Error ? err.message : String(err));

function extractParts(text: string, parts: Value[]): string {
  const obj = decodeObject(text, { useNumber: false, firstValueOnly: false });
  return parts.map((k) => sprintValue(obj.entries?.has(str(k)) ? (obj.entries.get(str(k)) ?? null) : null)).join(', ');
}

export function sternFunctions(env: FunctionEnv): Map<string, Fn> {
  const trusted = (v: Value) => (v instanceof Painted ? v.text : env.clean(str(v)));
  const wrap = (params: number[], text: string): Painted =>
    new Painted(env.colors ? `\u001b[${params.join(';')}m${text}\u001b[${params.map((p) => RESETS[p] ?? 0).join(';')}m` : text);
  const level = (p: number) => (s: string) => wrap([p], s);
  /** color.RedString(format, a...): formats only when given arguments */
  const named = (p: number): Fn => ({
    params: ['string'],
    variadic: 'any',
    call: ([format, ...a]) => (a.length ? wrap([p], env.clean(sprintf(str(format), a))) : wrap([p], trusted(format as Value))),
  });
  const parse = (text: Value, useNumber: boolean, firstValueOnly: boolean) => decodeObject(str(text), { useNumber, firstValueOnly });
  const time = (ts: Value): GoTime => {
    const t = toTime(ts);
    return t instanceof Error ? (toTime(null) as GoTime) : t;
  };

  return new Map<string, Fn>([
    [
      'json',
      {
        params: ['any'],
        call: ([v]) => {
          try {
            return marshal(v);
          } catch (err) {
            throw errorOf(err);
          }
        },
      },
    ],
    [
      'tryParseJSON',
      {
        params: ['string'],
        call: ([t]) => {
          try {
            return parse(t, true, true);
          } catch {
            return new GoMap(ANY_MAP, null);
          }
        },
      },
    ],
    [
      'parseJSON',
      {
        params: ['string'],
        call: ([t]) => {
          try {
            return parse(t, false, false);
          } catch (err) {
            throw errorOf(err);
          }
        },
      },
    ],
    [
      'extractJSONParts',
      {
        params: ['string'],
        variadic: 'string',
        call: ([t, ...parts]) => {
          try {
            return extractParts(str(t), parts);
          } catch (err) {
            throw errorOf(err);
          }
        },
      },
    ],
    [
      'tryExtractJSONParts',
      {
        params: ['string'],
        variadic: 'string',
        call: ([t, ...parts]) => {
          try {
            return extractParts(str(t), parts);
          } catch {
            return t as Value;
          }
        },
      },
    ],
    ['extjson', { params: ['string'], call: ([t]) => (isValidJSON(str(t)) ? str(t).replace(/\n$/, '') : jsonString(str(t))) }],
    [
      'prettyJSON',
      {
        params: ['any'],
        call: ([v]) => {
          let data: GoMap;
          if (typeof v === 'string' || v instanceof Painted) {
            try {
              data = decodeObject(str(v), { useNumber: false, firstValueOnly: false });
            } catch {
              return v;
            }
          } else if (v instanceof GoMap && v.type === ANY_MAP) data = v;
          else return sprintValue(v);
          return marshal(data, '  ');
        },
      },
    ],
    ['toRFC3339Nano', { params: ['any'], call: ([ts]) => formatLayout(time(ts), RFC3339_NANO) }],
    ['toUTC', { params: ['any'], call: ([ts]) => toUTC(time(ts)) }],
    [
      'toTimestamp',
      {
        params: ['any', 'string'],
        variadic: 'string',
        call: ([ts, layout, tz]) => {
          const t = toTime(ts);
          if (t instanceof CastError)
            throw new FnError(`unable to cast ${sprintf('%#v', [t.value])} of type ${typeName(t.value)} to time.Time`);
          if (t instanceof Error) throw errorOf(t);
          const zone = str(tz ?? '');
          const inTz = inZone(t, zone === '' ? 'UTC' : zone);
          if (!inTz) throw new FnError(`unknown time zone ${zone}`);
          return formatLayout(inTz, str(layout));
        },
      },
    ],
    [
      'color',
      {
        params: ['color', 'string'],
        call: ([c, text]) => new Painted(env.colors ? (c as GoColor).paint(trusted(text as Value)) : trusted(text as Value)),
      },
    ],
    [
      'colorCustom',
      {
        params: ['string'],
        variadic: 'int',
        call: ([text, ...attrs]) => (attrs.length ? wrap(attrs.map(Number), trusted(text as Value)) : wrap([], trusted(text as Value))),
      },
    ],
    ['colorBlack', named(30)],
    ['colorRed', named(31)],
    ['colorGreen', named(32)],
    ['colorYellow', named(33)],
    ['colorBlue', named(34)],
    ['colorMagenta', named(35)],
    ['colorCyan', named(36)],
    ['colorWhite', named(37)],
    [
      'levelColor',
      {
        params: ['any'],
        call: ([v]) => {
          if (typeof v !== 'string' && !(v instanceof Painted)) return '';
          const s = str(v);
          const code = LEVELS.get(s.toLowerCase());
          return code === undefined ? v : level(code)(trusted(v));
        },
      },
    ],
    [
      'bunyanLevelColor',
      {
        params: ['any'],
        call: ([v]) => {
          let lv: bigint;
          if (v instanceof JsonNumber) {
            if (!/^-?\d+$/.test(v.text)) return '';
            lv = BigInt(v.text);
          } else if (typeof v === 'number') lv = BigInt(Math.trunc(v));
          else return '';
          const code = lv < 30n ? 35 : lv < 40n ? 34 : lv < 50n ? 33 : lv < 60n ? 31 : lv < 100n ? 36 : undefined;
          return code === undefined ? String(lv) : level(code)(String(lv));
        },
      },
    ],
    // ktail's own, beyond stern's
    ['upper', { params: ['string'], call: ([s]) => (s instanceof Painted ? s : str(s).toUpperCase()) }],
    ['lower', { params: ['string'], call: ([s]) => (s instanceof Painted ? s : str(s).toLowerCase()) }],
  ]);
}

export { sprint };
