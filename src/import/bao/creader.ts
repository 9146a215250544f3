// The C subset Bao configurations are written in, read from the preprocessor's output:
// top-level `struct T name = { … };` declarations whose initializers are designated or
// positional, nested, with compound literals `(struct T[]){…}`, casts (ignored), string
// literals and integer constant expressions evaluated exactly as bigints. Each value keeps
// the position in the original file that cpp's line markers give (the column is found again
// in the original line, since cpp does not keep columns through macro expansion).

import type { SourceRef } from '../../config/types.js';

export type CValue =
  | { readonly kind: 'int'; readonly value: bigint; readonly at: SourceRef }
  | { readonly kind: 'string'; readonly value: string; readonly at: SourceRef }
  | { readonly kind: 'list'; readonly items: readonly CItem[]; readonly at: SourceRef };

/** One element of a brace list: `.field = v`, `[i] = v`, or positional. */
export interface CItem {
  readonly field: string | undefined;
  readonly index: bigint | undefined;
  readonly value: CValue;
  readonly at: SourceRef;
}

export interface CDecl {
  readonly type: string;
  readonly name: string;
  readonly value: CValue;
  readonly at: SourceRef;
}

export class CError {
  constructor(
    readonly at: SourceRef,
    readonly message: string,
    readonly hint: string,
  ) {}
}

interface Tok {
  readonly kind: 'id' | 'num' | 'str' | 'punct' | 'eof';
  readonly text: string;
  readonly at: SourceRef;
}

export const C_LIMITS = { depth: 64, tokens: 1_000_000 } as const;

const PUNCT = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '<', '>', '?', ':', '{', '}', '[', ']', '(', ')', '=', ',', ';', '.', '+', '-', '*', '/', '%', '|', '&', '^', '~', '!'];
const TYPE_WORDS = new Set(['unsigned', 'signed', 'long', 'int', 'short', 'char', 'bool', '_Bool', 'const', 'volatile', 'struct', 'union', 'size_t', 'paddr_t', 'vaddr_t', 'irqid_t', 'cpumap_t', 'colormap_t', 'deviceid_t', 'streamid_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t', 'int32_t', 'int64_t', 'uintptr_t']);

/**
 * Tokenize cpp output. `original` gives the text of each file named by a line marker, so a
 * token's column is its column in the file the user wrote.
 */
export function tokenize(cppOut: string, original: (file: string) => string | undefined): Tok[] {
  const toks: Tok[] = [];
  const lines = cppOut.split('\n');
  let file = '<cpp>';
  let line = 1;
  const srcLines = new Map<string, string[] | undefined>();
  const origLine = (f: string, l: number): string | undefined => {
    if (!srcLines.has(f)) srcLines.set(f, original(f)?.split('\n'));
    return srcLines.get(f)?.[l - 1];
  };
  for (const raw of lines) {
    const marker = /^#\s*(\d+)\s+"((?:[^"\\]|\\.)*)"/.exec(raw);
    if (marker !== null) {
      line = Number(marker[1]);
      file = marker[2]!.replace(/\\(.)/g, '$1');
      continue;
    }
    if (/^\s*#/.test(raw)) {
      line++;
      continue;
    }
    const orig = origLine(file, line);
    let searchFrom = 0;
    const colOf = (text: string, cppCol: number): number => {
      if (orig !== undefined) {
        const i = orig.indexOf(text, searchFrom);
        if (i >= 0) {
          searchFrom = i + text.length;
          return i + 1;
        }
      }
      return cppCol + 1;
    };
    let i = 0;
    while (i < raw.length) {
      const c = raw[i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      const start = i;
      let kind: Tok['kind'];
      if (/[A-Za-z_]/.test(c)) {
        while (i < raw.length && /[A-Za-z0-9_]/.test(raw[i]!)) i++;
        kind = 'id';
      } else if (/[0-9]/.test(c)) {
        while (i < raw.length && /[A-Za-z0-9_']/.test(raw[i]!)) i++;
        kind = 'num';
      } else if (c === '"') {
        i++;
        while (i < raw.length && raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
        if (i >= raw.length) throw new CError({ file, line, column: colOf('"', start) }, 'unterminated string literal', 'close the string with "');
        i++;
        kind = 'str';
      } else {
        const p = PUNCT.find((q) => raw.startsWith(q, i));
        if (p === undefined) throw new CError({ file, line, column: colOf(c, start) }, `unexpected character '${c}'`, 'a Bao configuration is declarations of structs with initializers');
        i += p.length;
        kind = 'punct';
      }
      const text = raw.slice(start, i);
      toks.push({ kind, text, at: { file, line, column: colOf(text, start) } });
      if (toks.length > C_LIMITS.tokens) throw new CError({ file, line, column: 1 }, `more than ${C_LIMITS.tokens} tokens`, 'a configuration is far smaller: is this the right file?');
    }
    line++;
  }
  toks.push({ kind: 'eof', text: '', at: { file, line, column: 1 } });
  return toks;
}

function intLiteral(t: Tok): bigint {
  const m = /^(0[xX][0-9a-fA-F']+|0[bB][01']+|0[0-7']*|[1-9][0-9']*)([uUlL]*)$/.exec(t.text);
  if (m === null || !/^(u?l{0,2}|l{0,2}u?)$/i.test(m[2]!) || /LlL|lL|Ll/.test(m[2]!)) throw new CError(t.at, `'${t.text}' is not an integer literal`, 'write a decimal, 0x hexadecimal, 0b binary or 0 octal integer, optionally with U, L, UL or ULL');
  const digits = m[1]!.replace(/'/g, '');
  if (/^0[bB]/.test(digits) || /^0[xX]/.test(digits)) return BigInt(digits.toLowerCase());
  if (digits.length > 1 && digits.startsWith('0')) return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits);
}

const U64 = (1n << 64n) - 1n;

/** Parse every top-level declaration. Throws CError at the first syntax error. */
export function parseDecls(toks: readonly Tok[]): CDecl[] {
  let p = 0;
  // Objects declared so far: C requires a declaration before its use.
  const objects = new Map<string, { value: CValue; isArray: boolean }>();
  const peek = (k = 0): Tok => toks[Math.min(p + k, toks.length - 1)]!;
  const next = (): Tok => toks[Math.min(p++, toks.length - 1)]!;
  const is = (text: string, k = 0): boolean => peek(k).kind !== 'str' && peek(k).text === text && peek(k).kind !== 'eof';
  const expect = (text: string, hint: string): Tok => {
    const t = peek();
    if (!is(text)) throw new CError(t.at, `expected '${text}' but found ${t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`}`, hint);
    return next();
  };
  const ident = (what: string): Tok => {
    const t = peek();
    if (t.kind !== 'id') throw new CError(t.at, `expected ${what} but found ${t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`}`, `write ${what}`);
    return next();
  };

  /** `( type-name )` at p: a cast or the head of a compound literal. */
  const isTypeParen = (): boolean => {
    if (!is('(')) return false;
    const t = peek(1);
    if (t.kind !== 'id') return false;
    if (TYPE_WORDS.has(t.text)) return true;
    // `(name)` followed by something that starts an operand: a cast to a typedef we do not know.
    let k = 1;
    while (peek(k).kind === 'id' || is('*', k) || (is('[', k) && is(']', k + 1))) k += is('[', k) ? 2 : 1;
    if (!is(')', k)) return false;
    const after = peek(k + 1);
    return after.kind === 'num' || after.kind === 'id' || ['(', '{', '~', '!'].includes(after.text);
  };
  const skipTypeParen = (): void => {
    expect('(', '');
    while (!is(')')) {
      if (peek().kind === 'eof') throw new CError(peek().at, 'unterminated cast', "close it with ')'");
      next();
    }
    next();
  };

  const expr = (depth: number): CValue => {
    const cond = binary(1, depth);
    if (!is('?')) return cond;
    next();
    const a = expr(depth + 1);
    expect(':', "a conditional is 'c ? a : b'");
    const b = expr(depth + 1);
    return num(cond) !== 0n ? a : b;
  };
  const PREC: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 };
  const binary = (min: number, depth: number): CValue => {
    let left = unary(depth);
    for (;;) {
      const op = peek();
      const prec = op.kind === 'punct' ? PREC[op.text] : undefined;
      if (prec === undefined || prec < min) break;
      next();
      const right = binary(prec + 1, depth);
      left = { kind: 'int', value: apply(op, num(left), num(right)), at: left.at };
    }
    return left;
  };
  const num = (v: CValue): bigint => {
    if (v.kind !== 'int') throw new CError(v.at, `an ${v.kind === 'list' ? 'initializer list' : 'string'} in an arithmetic expression`, 'only integers take part in arithmetic');
    return v.value;
  };
  const apply = (op: Tok, a: bigint, b: bigint): bigint => {
    // C's unsigned 64-bit arithmetic would wrap silently: an address that wraps is a mistake, so it is an error.
    const r = ((): bigint => {
      switch (op.text) {
        case '||': return a !== 0n || b !== 0n ? 1n : 0n;
        case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
        case '==': return a === b ? 1n : 0n;
        case '!=': return a !== b ? 1n : 0n;
        case '<': return a < b ? 1n : 0n;
        case '>': return a > b ? 1n : 0n;
        case '<=': return a <= b ? 1n : 0n;
        case '>=': return a >= b ? 1n : 0n;
        case '|': return a | b;
        case '^': return a ^ b;
        case '&': return a & b;
        case '<<': if (b >= 64n) throw new CError(op.at, `shift by ${b} is not below 64`, 'shift by less than 64'); return a << b;
        case '>>': if (b >= 64n) throw new CError(op.at, `shift by ${b} is not below 64`, 'shift by less than 64'); return a >> b;
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': if (b === 0n) throw new CError(op.at, 'division by zero', 'check the expression'); return a / b;
        case '%': if (b === 0n) throw new CError(op.at, 'division by zero', 'check the expression'); return a % b;
        default: throw new CError(op.at, `operator '${op.text}' is not supported`, 'use + - * / % << >> | & ^ ~');
      }
    })();
    if (r < 0n || r > U64) throw new CError(op.at, `the value ${r < 0n ? 'is negative' : 'does not fit in 64 bits'} (${r})`, 'a configuration value is an unsigned 64-bit integer: check the expression');
    return r;
  };
  const unary = (depth: number): CValue => {
    if (depth > C_LIMITS.depth) throw new CError(peek().at, `nested deeper than ${C_LIMITS.depth}`, 'a configuration is not nested this deep');
    const t = peek();
    if (is('-') || is('~') || is('!') || is('+')) {
      next();
      const v = num(unary(depth + 1));
      const r = t.text === '-' ? -v : t.text === '~' ? U64 ^ v : t.text === '!' ? (v === 0n ? 1n : 0n) : v;
      if (r < 0n) throw new CError(t.at, `the value is negative (${r})`, 'a configuration value is an unsigned 64-bit integer');
      return { kind: 'int', value: r, at: t.at };
    }
    if (is('sizeof')) throw new CError(t.at, 'sizeof is not supported: its value depends on the compiler', 'write the size as a number');
    if (isTypeParen()) {
      skipTypeParen();
      if (is('{')) return braces(depth + 1);
      const v = unary(depth + 1);
      return { ...v, at: t.at };
    }
    if (is('(')) {
      next();
      const v = expr(depth + 1);
      expect(')', "close the parenthesis with ')'");
      return v;
    }
    if (is('{')) return braces(depth + 1);
    if (t.kind === 'num') {
      next();
      return { kind: 'int', value: intLiteral(t), at: t.at };
    }
    if (t.kind === 'str') {
      let s = '';
      while (peek().kind === 'str') s += next().text.slice(1, -1);
      return { kind: 'string', value: s, at: t.at };
    }
    // A declared object, by name or by address (`devs`, `&devs[0]`, `&shm`): its initializer.
    if (t.kind === 'id' && objects.has(t.text)) {
      next();
      const o = objects.get(t.text)!;
      if (is('[')) {
        next();
        const i = num(expr(depth + 1));
        expect(']', "close the index with ']'");
        if (i !== 0n || !o.isArray) throw new CError(t.at, `'${t.text}[${i}]' is not supported`, `name the array itself (${t.text}) or its first element`);
      }
      return o.value;
    }
    if (is('&')) {
      next();
      if (peek().kind !== 'id' || !objects.has(peek().text)) throw new CError(t.at, 'the address of something that is not a declared object', 'take the address of a struct or array declared above');
      return unary(depth + 1);
    }
    if (t.kind === 'id') throw new CError(t.at, `'${t.text}' is not a constant this reader knows`, 'Bao configurations use integer constants and macros; give the header that defines it with --include DIR');
    throw new CError(t.at, `expected a value but found ${t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`}`, 'write a number, a string or a {…} list');
  };
  const braces = (depth: number): CValue => {
    if (depth > C_LIMITS.depth) throw new CError(peek().at, `nested deeper than ${C_LIMITS.depth}`, 'a configuration is not nested this deep');
    const open = expect('{', "an initializer list starts with '{'");
    const items: CItem[] = [];
    while (!is('}')) {
      const at = peek().at;
      let field: string | undefined;
      let index: bigint | undefined;
      if (is('.')) {
        next();
        field = ident('a field name after .').text;
        expect('=', `write .${field} = value`);
      } else if (is('[')) {
        next();
        index = num(expr(depth + 1));
        expect(']', "close the index with ']'");
        expect('=', 'write [index] = value');
      }
      items.push({ field, index, value: expr(depth + 1), at });
      if (!is(',')) break;
      next();
    }
    expect('}', "close the initializer list with '}' (or separate its elements with ',')");
    return { kind: 'list', items, at: open.at };
  };

  const decls: CDecl[] = [];
  while (peek().kind !== 'eof') {
    const start = peek();
    while (is('const') || is('static') || is('volatile')) next();
    // `struct T name`, or a scalar type (`irqid_t irqs[]`): an object other initializers may name.
    let type: string;
    if (is('struct')) {
      next();
      type = ident('a struct name').text;
    } else if (peek().kind === 'id' && (TYPE_WORDS.has(peek().text) || peek(1).kind === 'id')) {
      const words: string[] = [];
      while (peek().kind === 'id' && peek(1).kind === 'id') words.push(next().text);
      type = words.join(' ');
      if (type === '') throw new CError(peek().at, `expected a declaration 'struct T name = {…};' but found '${peek().text}'`, 'a Bao configuration declares struct config config (and a platform description struct platform platform)');
    } else throw new CError(peek().at, `expected a declaration 'struct T name = {…};' but found '${peek().text}'`, 'a Bao configuration declares struct config config (and a platform description struct platform platform)');
    const name = ident('the name of the declared object').text;
    let isArray = false;
    while (is('[')) {
      next();
      if (!is(']')) num(expr(1));
      expect(']', "close the array size with ']'");
      isArray = true;
    }
    expect('=', `write ${type} ${name} = {…};`);
    const value = is('{') ? braces(1) : expr(1);
    expect(';', "end the declaration with ';'");
    if (objects.has(name)) throw new CError(start.at, `'${name}' is declared twice`, 'C refuses this too: rename one');
    objects.set(name, { value, isArray });
    decls.push({ type, name, value, at: start.at });
  }
  return decls;
}
