// A reader for device tree source (.dts, the language dtc compiles): /dts-v1/, root and
// `&label { … }` blocks merged in order, labels on nodes and properties, cell arrays `< … >`
// with `/bits/`, C expressions in parentheses, character literals and references (`&label`,
// `&{/path}`, which become phandles, assigned as dtc assigns them), strings, byte strings
// `[ … ]`, path references as values, /delete-node/ and /delete-property/, /memreserve/.
// Every node and property keeps its line:column, which dtc's output does not give. `/include/`
// and preprocessor directives are refused: run the C preprocessor first or give the .dtb.
// A syntax error stops the reading of that file (dtc stops too); unknown references are all
// reported. Limits on size, depth and node count keep a broken input from exhausting us.

import { DT_LIMITS, DtError, walk, type DtNode, type DtProp, type DtTree, type Pos } from './tree.js';

interface CellRef {
  readonly ref: string;
  readonly at: Pos;
}
type Chunk =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'cells'; readonly bits: 8 | 16 | 32 | 64; readonly items: readonly (bigint | CellRef)[] }
  | { readonly kind: 'path'; readonly ref: string; readonly at: Pos };

interface BProp {
  name: string;
  chunks: Chunk[];
  at: Pos;
}
interface BNode {
  name: string;
  labels: string[];
  props: BProp[];
  children: BNode[];
  at: Pos;
}

const PROP_CHAR = /[A-Za-z0-9,._+*#?@-]/;
const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREPROCESSOR = ['#include', '#define', '#if', '#ifdef', '#ifndef', '#undef', '#endif', '#else', '#elif'];

export interface DtsResult {
  readonly tree: DtTree | undefined;
  readonly errors: readonly DtError[];
}

export function parseDts(file: string, text: string): DtsResult {
  if (text.length > DT_LIMITS.maxBytes) return { tree: undefined, errors: [new DtError({ line: 1, column: 1 }, `the source is ${text.length} bytes, more than the ${DT_LIMITS.maxBytes} this reader accepts`, 'a device tree is far smaller; check the file')] };
  const errors: DtError[] = [];
  let root: BNode;
  try {
    root = new Reader(text).file();
  } catch (e) {
    if (!(e instanceof DtError)) throw e;
    return { tree: undefined, errors: [e] };
  }
  // Labels, then phandles for every node a cell refers to (dtc numbers them from 1 upward,
  // skipping values already taken by an explicit `phandle`).
  const labels = new Map<string, BNode>();
  const paths = new Map<BNode, string>();
  const goPaths = (n: BNode, path: string): void => {
    paths.set(n, path);
    for (const l of n.labels) labels.set(l, n);
    for (const c of n.children) goPaths(c, path === '/' ? `/${c.name}` : `${path}/${c.name}`);
  };
  goPaths(root, '/');
  const findRef = (ref: string): BNode | undefined => (ref.startsWith('/') ? findPath(root, ref) : labels.get(ref));
  const taken = new Set<bigint>();
  for (const n of paths.keys()) {
    const p = n.props.find((q) => q.name === 'phandle' || q.name === 'linux,phandle');
    const c = p?.chunks[0];
    if (c !== undefined && c.kind === 'cells' && typeof c.items[0] === 'bigint') taken.add(c.items[0]);
  }
  let next = 1n;
  const phandleOf = (n: BNode): bigint => {
    const p = n.props.find((q) => q.name === 'phandle' || q.name === 'linux,phandle');
    const c = p?.chunks[0];
    if (c !== undefined && c.kind === 'cells' && typeof c.items[0] === 'bigint') return c.items[0];
    while (taken.has(next)) next++;
    const v = next++;
    taken.add(v);
    n.props.push({ name: 'phandle', chunks: [{ kind: 'cells', bits: 32, items: [v] }], at: n.at });
    return v;
  };
  const unknown = (r: CellRef): DtError =>
    new DtError(r.at, `the reference &${r.ref.startsWith('/') ? `{${r.ref}}` : r.ref} names no node`, r.ref.startsWith('/') ? 'give the full path of an existing node' : `define the label (${r.ref}: node { … }) or use one of: ${[...labels.keys()].slice(0, 12).join(', ') || '(no labels)'}`);
  const encode = (p: BProp): Uint8Array => {
    const parts: Uint8Array[] = [];
    for (const c of p.chunks) {
      if (c.kind === 'bytes') parts.push(c.bytes);
      else if (c.kind === 'path') {
        const t = findRef(c.ref);
        if (t === undefined) errors.push(unknown(c));
        parts.push(new TextEncoder().encode(`${t === undefined ? '' : paths.get(t)!}\0`));
      } else {
        const w = c.bits / 8;
        const out = new Uint8Array(c.items.length * w);
        const dv = new DataView(out.buffer);
        c.items.forEach((it, i) => {
          let v: bigint;
          if (typeof it === 'bigint') v = it;
          else {
            const t = findRef(it.ref);
            if (t === undefined) errors.push(unknown(it));
            v = t === undefined ? 0n : phandleOf(t);
          }
          if (w === 1) dv.setUint8(i, Number(v));
          else if (w === 2) dv.setUint16(i * 2, Number(v));
          else if (w === 4) dv.setUint32(i * 4, Number(v));
          else dv.setBigUint64(i * 8, v);
        });
        parts.push(out);
      }
    }
    const len = parts.reduce((a, b) => a + b.length, 0);
    const v = new Uint8Array(len);
    let o = 0;
    for (const b of parts) {
      v.set(b, o);
      o += b.length;
    }
    return v;
  };
  // Phandles are assigned while encoding, so encode every property before freezing nodes.
  const encoded = new Map<BProp, Uint8Array>();
  for (const n of [...paths.keys()]) for (const p of [...n.props]) encoded.set(p, encode(p));
  const freeze = (n: BNode): DtNode => ({
    name: n.name,
    labels: n.labels,
    props: n.props.map((p): DtProp => ({ name: p.name, value: encoded.get(p) ?? encode(p), at: p.at })),
    children: n.children.map(freeze),
    at: n.at,
  });
  const tree: DtTree = { file, binary: false, root: freeze(root) };
  if (walk(tree.root).length > DT_LIMITS.maxNodes) errors.push(new DtError({ line: 1, column: 1 }, `more than ${DT_LIMITS.maxNodes} nodes`, 'a device tree is far smaller; check the file'));
  return { tree: errors.length === 0 ? tree : undefined, errors };
}

function findPath(root: BNode, path: string): BNode | undefined {
  let n: BNode | undefined = root;
  for (const part of path.split('/').filter((s) => s !== '')) {
    n = n.children.find((c) => c.name === part) ?? (part.includes('@') ? undefined : n.children.find((c) => c.name.split('@')[0] === part));
    if (n === undefined) return undefined;
  }
  return n;
}

function merge(into: BNode, from: BNode): void {
  for (const l of from.labels) if (!into.labels.includes(l)) into.labels.push(l);
  const propAt = new Map(into.props.map((p, i) => [p.name, i]));
  for (const p of from.props) {
    const i = propAt.get(p.name);
    if (i !== undefined) into.props[i] = p;
    else {
      propAt.set(p.name, into.props.length);
      into.props.push(p);
    }
  }
  const childAt = new Map(into.children.map((c) => [c.name, c]));
  for (const c of from.children) {
    const same = childAt.get(c.name);
    if (same !== undefined) merge(same, c);
    else {
      into.children.push(c);
      childAt.set(c.name, c);
    }
  }
}

class Reader {
  private i = 0;
  private line = 1;
  private col = 1;
  private nodes = 0;
  private depth = 0;
  private readonly labels = new Map<string, BNode>();
  private root: BNode | undefined;

  constructor(private readonly s: string) {}

  private pos(): Pos {
    return { line: this.line, column: this.col };
  }
  private fail(message: string, hint: string, at: Pos = this.pos()): never {
    throw new DtError(at, message, hint);
  }
  private adv(n = 1): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) {
      if (this.s[this.i] === '\n') {
        this.line++;
        this.col = 1;
      } else this.col++;
      this.i++;
    }
  }
  private skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.adv();
      else if (this.s.startsWith('//', this.i)) while (this.i < this.s.length && this.s[this.i] !== '\n') this.adv();
      else if (this.s.startsWith('/*', this.i)) {
        const at = this.pos();
        const end = this.s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('a comment opened here is never closed', 'close it with */', at);
        this.adv(end + 2 - this.i);
      } else return;
    }
  }
  private peek(t: string): boolean {
    this.skip();
    return this.s.startsWith(t, this.i);
  }
  private eat(t: string): boolean {
    if (!this.peek(t)) return false;
    this.adv(t.length);
    return true;
  }
  private expect(t: string, what: string): void {
    if (!this.eat(t)) this.fail(`expected '${t}' ${what}, found ${this.found()}`, `write '${t}'`);
  }
  private found(): string {
    this.skip();
    if (this.i >= this.s.length) return 'the end of the file';
    return `'${this.s.slice(this.i, this.i + 12).split('\n')[0]}'`;
  }
  private word(): string {
    this.skip();
    const start = this.i;
    while (this.i < this.s.length && PROP_CHAR.test(this.s[this.i]!)) this.adv();
    return this.s.slice(start, this.i);
  }

  file(): BNode {
    this.skip();
    if (this.s.startsWith('#', this.i)) this.preprocessor();
    if (!this.eat('/dts-v1/')) this.fail(`a device tree source starts with /dts-v1/; found ${this.found()}`, 'add the line /dts-v1/; at the top (dtc requires it)');
    this.expect(';', 'after /dts-v1/');
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) break;
      const at = this.pos();
      if (this.eat('/dts-v1/')) this.expect(';', 'after /dts-v1/');
      else if (this.eat('/plugin/')) this.fail('an overlay (/plugin/) is not a device tree Xen boots from', 'give the base device tree, with the overlay applied (fdtoverlay)', at);
      else if (this.eat('/memreserve/')) {
        this.number();
        this.number();
        this.expect(';', 'after /memreserve/ <address> <size>');
      } else if (this.eat('/include/')) this.include(at);
      else if (this.s.startsWith('#', this.i)) this.preprocessor();
      else if (this.eat('/delete-node/')) {
        const ref = this.reference();
        this.expect(';', 'after /delete-node/ &label');
        const t = this.lookup(ref.ref, ref.at);
        this.remove(t);
      } else if (this.peek('/')) {
        this.adv();
        const body = this.body({ name: '', labels: [], props: [], children: [], at }, 1);
        this.expect(';', 'after the root node\'s }');
        if (this.root === undefined) this.root = body;
        else merge(this.root, body);
        this.index(this.root);
      } else if (this.peek('&')) {
        const ref = this.reference();
        const t = this.lookup(ref.ref, ref.at);
        const body = this.body({ name: t.name, labels: [], props: [], children: [], at: t.at }, 1);
        this.expect(';', 'after the node\'s }');
        merge(t, body);
        this.index(t);
      } else this.fail(`expected a root node '/ { … };', a '&label { … };' or a directive, found ${this.found()}`, 'write / { … }; to begin the tree');
    }
    if (this.root === undefined) this.fail('the source has no root node', 'add / { … };', { line: 1, column: 1 });
    return this.root;
  }

  private include(at: Pos): never {
    this.fail('/include/ is not read by hvsafe: the included file would have no positions of its own here', 'flatten the source first (cpp -P -nostdinc -undef -x assembler-with-cpp, then dtc -O dts), or give the .dtb', at);
  }
  private preprocessor(): void {
    const at = this.pos();
    const w = this.s.slice(this.i).match(/^#[a-z]+/)?.[0] ?? '#';
    if (PREPROCESSOR.includes(w)) this.fail(`'${w}' is a C preprocessor directive: this source has not been through cpp`, 'preprocess it first (cpp -P -nostdinc -undef -x assembler-with-cpp file.dts), or give the .dtb', at);
    this.fail(`unexpected '${w}' here`, 'a property like #address-cells belongs inside a node', at);
  }
  private index(n: BNode): void {
    for (const l of n.labels) this.labels.set(l, n);
    for (const c of n.children) this.index(c);
  }
  private lookup(ref: string, at: Pos): BNode {
    const t = ref.startsWith('/') ? (this.root === undefined ? undefined : findPath(this.root, ref)) : this.labels.get(ref);
    if (t === undefined) this.fail(`the reference &${ref.startsWith('/') ? `{${ref}}` : ref} names no node defined before it`, ref.startsWith('/') ? 'give the full path of an existing node' : `define the label before it is used (${ref}: node { … })`, at);
    return t;
  }
  private remove(t: BNode): void {
    const go = (n: BNode): boolean => {
      const k = n.children.indexOf(t);
      if (k >= 0) {
        n.children.splice(k, 1);
        return true;
      }
      return n.children.some(go);
    };
    if (this.root !== undefined) go(this.root);
  }
  private reference(): CellRef {
    this.skip();
    const at = this.pos();
    if (!this.eat('&')) this.fail(`expected a reference &label, found ${this.found()}`, 'write &label or &{/path}');
    if (this.s[this.i] === '{') {
      this.adv();
      const end = this.s.indexOf('}', this.i);
      if (end < 0) this.fail('a path reference &{ is never closed', 'write &{/path/to/node}', at);
      const ref = this.s.slice(this.i, end);
      this.adv(end + 1 - this.i);
      if (!ref.startsWith('/')) this.fail(`a path reference must begin with '/', not '${ref}'`, 'write &{/path/to/node}', at);
      return { ref, at };
    }
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z0-9_]/.test(this.s[this.i]!)) this.adv();
    const ref = this.s.slice(start, this.i);
    if (!LABEL.test(ref)) this.fail('expected a label after &', 'a label starts with a letter or _, then letters, digits, _', at);
    return { ref, at };
  }

  private body(node: BNode, depth: number): BNode {
    if (depth > DT_LIMITS.maxDepth) this.fail(`nodes nested more than ${DT_LIMITS.maxDepth} deep`, 'a device tree is far shallower; check the braces');
    if (++this.nodes > DT_LIMITS.maxNodes) this.fail(`more than ${DT_LIMITS.maxNodes} nodes`, 'a device tree is far smaller; check the file');
    this.expect('{', 'to open the node');
    // Indexes by name keep a node with many properties or children linear to read.
    const propAt = new Map<string, number>();
    const childAt = new Map<string, BNode>();
    const reindex = (): void => {
      propAt.clear();
      node.props.forEach((p, i) => propAt.set(p.name, i));
      childAt.clear();
      for (const c of node.children) childAt.set(c.name, c);
    };
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) this.fail(`the node '${node.name || '/'}' opened at ${node.at.line}:${node.at.column} is never closed`, "close it with '};'");
      if (this.eat('}')) return node;
      const at = this.pos();
      if (this.eat('/delete-property/')) {
        const n = this.word();
        this.expect(';', 'after /delete-property/ name');
        node.props = node.props.filter((p) => p.name !== n);
        reindex();
        continue;
      }
      if (this.eat('/delete-node/')) {
        const n = this.word();
        this.expect(';', 'after /delete-node/ name');
        node.children = node.children.filter((c) => c.name !== n && c.name.split('@')[0] !== n);
        reindex();
        continue;
      }
      if (this.s.startsWith('/include/', this.i)) this.include(at);
      const labels: string[] = [];
      let w = this.word();
      let wAt = at;
      while (w !== '' && this.s[this.i] === ':' && LABEL.test(w)) {
        this.adv();
        labels.push(w);
        wAt = (this.skip(), this.pos());
        w = this.word();
      }
      if (w === '') this.fail(`expected a property or a child node, found ${this.found()}`, "write 'name = value;' or 'name { … };'");
      if (PREPROCESSOR.includes(w)) this.fail(`'${w}' is a C preprocessor directive: this source has not been through cpp`, 'preprocess it first, or give the .dtb', wAt);
      if (this.peek('{')) {
        const c = this.body({ name: w, labels, props: [], children: [], at: wAt }, depth + 1);
        this.expect(';', `after the node '${w}'`);
        const same = childAt.get(w);
        if (same !== undefined) merge(same, c);
        else {
          node.children.push(c);
          childAt.set(w, c);
        }
        continue;
      }
      if (w.includes('@') && !w.startsWith('@')) this.fail(`'${w}' looks like a node name but no '{' follows`, `write ${w} { … };`, wAt);
      const p: BProp = { name: w, chunks: [], at: wAt };
      if (this.eat('=')) {
        do p.chunks.push(this.value());
        while (this.eat(','));
      }
      this.expect(';', `after the property '${w}'`);
      const i = propAt.get(w);
      if (i !== undefined) node.props[i] = p;
      else {
        propAt.set(w, node.props.length);
        node.props.push(p);
      }
    }
  }

  private value(): Chunk {
    this.skip();
    // labels inside values (`reg = start: <…>`) carry no meaning for the import: skip them
    for (;;) {
      const m = this.s.slice(this.i, this.i + 64).match(/^([A-Za-z_][A-Za-z0-9_]*):/);
      if (m === null) break;
      this.adv(m[0].length);
      this.skip();
    }
    const at = this.pos();
    if (this.s[this.i] === '"') return { kind: 'bytes', bytes: new TextEncoder().encode(`${this.string()}\0`) };
    if (this.s[this.i] === '[') return this.byteString();
    if (this.s[this.i] === '&') {
      const r = this.reference();
      return { kind: 'path', ref: r.ref, at: r.at };
    }
    let bits: 8 | 16 | 32 | 64 = 32;
    if (this.eat('/bits/')) {
      const b = this.number();
      if (b !== 8n && b !== 16n && b !== 32n && b !== 64n) this.fail(`/bits/ ${b} is not 8, 16, 32 or 64`, 'write /bits/ 64 <…>', at);
      bits = Number(b) as 8 | 16 | 32 | 64;
    }
    if (!this.eat('<')) this.fail(`expected a value ("string", <cells>, [bytes] or &reference), found ${this.found()}`, 'write a value after =', at);
    const items: (bigint | CellRef)[] = [];
    for (;;) {
      this.skip();
      if (this.eat('>')) break;
      if (this.i >= this.s.length) this.fail('a cell list < is never closed', "close it with '>'", at);
      const cAt = this.pos();
      const m = this.s.slice(this.i, this.i + 64).match(/^([A-Za-z_][A-Za-z0-9_]*):/);
      if (m !== null) {
        this.adv(m[0].length);
        continue;
      }
      if (this.s[this.i] === '&') {
        if (bits !== 32) this.fail('a reference is a 32-bit phandle: it cannot stand in a /bits/ ' + bits + ' array', 'use 32-bit cells for references', cAt);
        items.push(this.reference());
        continue;
      }
      items.push(this.fit(this.primary(), bits, cAt));
    }
    return { kind: 'cells', bits, items };
  }

  private fit(v: bigint, bits: number, at: Pos): bigint {
    const lim = 1n << BigInt(bits);
    // dtc computes in 64 bits: a result like (0 - 1) or ~0 is -1 and fits any width.
    const s = v >= 1n << 63n ? BigInt.asIntN(64, v) : v;
    if (s >= lim || s < -(lim >> 1n)) this.fail(`the value ${v < 0n ? '-' : ''}0x${(v < 0n ? -v : v).toString(16)} does not fit in a ${bits}-bit cell`, bits === 32 ? 'a 64-bit number is two cells: <0x1 0x00000000>, or use /bits/ 64' : `keep it below 2^${bits}`, at);
    return BigInt.asUintN(bits, s);
  }

  private string(): string {
    const at = this.pos();
    this.adv();
    let out = '';
    for (;;) {
      if (this.i >= this.s.length || this.s[this.i] === '\n') this.fail('a string opened here is never closed', 'close it with "', at);
      const c = this.s[this.i]!;
      if (c === '"') {
        this.adv();
        return out;
      }
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      out += c;
      this.adv();
    }
  }
  private escape(): string {
    const at = this.pos();
    this.adv();
    const c = this.s[this.i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '0': '\0' };
    if (c === 'x') {
      const m = this.s.slice(this.i + 1, this.i + 3).match(/^[0-9a-fA-F]{1,2}/);
      if (m === null) this.fail('\\x needs hexadecimal digits', 'write \\x41', at);
      this.adv(1 + m[0].length);
      return String.fromCharCode(parseInt(m[0], 16));
    }
    if (c !== undefined && /[0-7]/.test(c)) {
      const m = this.s.slice(this.i, this.i + 3).match(/^[0-7]{1,3}/)!;
      this.adv(m[0].length);
      return String.fromCharCode(parseInt(m[0], 8) & 0xff);
    }
    if (c === undefined || simple[c] === undefined) this.fail(`unknown escape \\${c ?? ''}`, 'escapes are \\n \\t \\\\ \\" \\xHH \\ooo', at);
    this.adv();
    return simple[c]!;
  }
  private byteString(): Chunk {
    const at = this.pos();
    this.adv();
    const bytes: number[] = [];
    for (;;) {
      this.skip();
      if (this.eat(']')) return { kind: 'bytes', bytes: new Uint8Array(bytes) };
      const m = this.s.slice(this.i, this.i + 2).match(/^[0-9a-fA-F]{2}/);
      if (m === null) this.fail(`a byte string holds pairs of hexadecimal digits, found ${this.found()}`, 'write [00 1a ff]', this.i >= this.s.length ? at : this.pos());
      bytes.push(parseInt(m[0], 16));
      this.adv(2);
    }
  }

  private number(): bigint {
    this.skip();
    const at = this.pos();
    const m = this.s.slice(this.i, this.i + 80).match(/^(0[xX][0-9a-fA-F]+|[0-9]+)(?:[uU]?[lL]{0,2}|[lL]{1,2}[uU]?)?/);
    if (m === null) this.fail(`expected a number, found ${this.found()}`, 'write a decimal, 0x-hexadecimal or 0-octal integer', at);
    const t = m[1]!;
    if (/^0[0-9]+$/.test(t) && /[89]/.test(t)) this.fail(`'${t}' is not an octal number`, 'a leading 0 means octal in dtc: drop it or use 0x', at);
    const v = /^0[0-7]+$/.test(t) ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
    if (v >= 1n << 64n) this.fail(`${t} is larger than 64 bits`, 'keep numbers below 2^64', at);
    this.adv(m[0].length);
    return v;
  }
  private primary(): bigint {
    this.skip();
    const at = this.pos();
    if (this.s[this.i] === '(') {
      this.adv();
      this.nest(at);
      const v = this.expr(0);
      this.expect(')', 'to close the expression');
      this.depth--;
      return v;
    }
    if (this.s[this.i] === "'") {
      this.adv();
      let ch: string;
      if (this.s[this.i] === '\\') ch = this.escape();
      else {
        ch = this.s[this.i] ?? '';
        this.adv();
      }
      if (ch === '' || this.s[this.i] !== "'") this.fail('a character literal holds one character', "write 'a'", at);
      this.adv();
      return BigInt(ch.charCodeAt(0));
    }
    if (/[0-9]/.test(this.s[this.i] ?? '')) return this.number();
    this.fail(`expected a number, an (expression), a 'c'haracter or a &reference in the cell list, found ${this.found()}`, 'cells hold integers: <0x1 2 (3 + 4) &label>', at);
  }
  /** Expressions nest at most 256 deep: the evaluator recurses, and the input must not exhaust it. */
  private nest(at: Pos): void {
    if (++this.depth > 256) this.fail('an expression nested more than 256 deep', 'simplify the expression', at);
  }
  private unary(): bigint {
    this.skip();
    const c = this.s[this.i];
    if (c === '-' || c === '~' || c === '!') {
      this.nest(this.pos());
      this.adv();
      const v = this.unary();
      this.depth--;
      return c === '-' ? -v : c === '~' ? BigInt.asUintN(64, ~v) : v === 0n ? 1n : 0n;
    }
    return this.primary();
  }
  // C precedence, lowest first; values are unsigned 64-bit as dtc computes them.
  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  private expr(level: number): bigint {
    if (level === 0) {
      const c = this.expr(1);
      if (this.eat('?')) {
        const a = this.expr(0);
        this.expect(':', 'in the ?: expression');
        const b = this.expr(0);
        return c !== 0n ? a : b;
      }
      return c;
    }
    if (level > Reader.LEVELS.length) return this.unary();
    let v = this.expr(level + 1);
    for (;;) {
      this.skip();
      const op = Reader.LEVELS[level - 1]!.find((o) => this.s.startsWith(o, this.i) && !(o === '|' && this.s.startsWith('||', this.i)) && !(o === '&' && this.s.startsWith('&&', this.i)) && !((o === '<' || o === '>') && (this.s.startsWith('<<', this.i) || this.s.startsWith('>>', this.i))));
      if (op === undefined) return v;
      const at = this.pos();
      this.adv(op.length);
      const r = this.expr(level + 1);
      v = this.apply(op, v, r, at);
    }
  }
  private apply(op: string, a: bigint, b: bigint, at: Pos): bigint {
    const u = (x: bigint): bigint => BigInt.asUintN(64, x);
    switch (op) {
      case '||': return a !== 0n || b !== 0n ? 1n : 0n;
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
      case '|': return u(a) | u(b);
      case '^': return u(a) ^ u(b);
      case '&': return u(a) & u(b);
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '<<': return b >= 64n ? 0n : u(u(a) << b);
      case '>>': return b >= 64n ? 0n : u(a) >> b;
      case '+': return u(a + b);
      case '-': return u(a - b);
      case '*': return u(a * b);
      default:
        if (b === 0n) this.fail('division by zero in the expression', 'check the divisor', at);
        return op === '/' ? u(a) / u(b) : u(a) % u(b);
    }
  }
}
