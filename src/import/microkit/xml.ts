// A small XML reader for System Description Files: elements, attributes, comments, the XML
// declaration, CDATA and character data. Every element and attribute keeps its line:column,
// which general-purpose parsers (fast-xml-parser included) do not give per node; an SDF
// uses no DTD, namespaces or entities beyond the five predefined ones. Malformed input is
// an XmlError at its position, never a crash; the scan is linear in the input.

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export interface XmlAttr {
  readonly name: string;
  readonly value: string;
  readonly at: Pos;
}

export interface XmlElement {
  readonly name: string;
  readonly attrs: readonly XmlAttr[];
  readonly children: readonly XmlElement[];
  readonly at: Pos;
}

export class XmlError extends Error {
  constructor(
    readonly at: Pos,
    message: string,
  ) {
    super(message);
  }
}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  let i = 0;
  let line = 1;
  let col = 1;
  const pos = (): Pos => ({ line, column: col });
  const adv = (n: number): void => {
    for (let k = 0; k < n && i < text.length; k++, i++) {
      if (text[i] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
  };
  const fail = (message: string, at: Pos = pos()): never => {
    throw new XmlError(at, message);
  };
  const skipWs = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) adv(1);
  };
  const skipUntil = (end: string, what: string): void => {
    const at = pos();
    const j = text.indexOf(end, i);
    if (j < 0) fail(`${what} is not closed with '${end}'`, at);
    adv(j + end.length - i);
  };
  const name = (): string => {
    if (i >= text.length || !NAME_START.test(text[i]!)) fail(`expected a name, found ${i >= text.length ? 'the end of the file' : `'${text[i]}'`}`);
    const s = i;
    while (i < text.length && NAME_CHAR.test(text[i]!)) adv(1);
    return text.slice(s, i);
  };
  const decode = (raw: string, at: Pos): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, e: string | undefined) => {
      if (e === undefined) fail("a bare '&' in an attribute value", at);
      if (e!.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(e!.slice(2), 16), 0x10ffff));
      if (e!.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(e!.slice(1), 10), 0x10ffff));
      const v = ENTITIES[e!];
      return v ?? fail(`unknown entity '${m}'`, at);
    });
  // Prolog, comments and processing instructions between markup.
  const misc = (): void => {
    for (;;) {
      skipWs();
      if (text.startsWith('<?', i)) skipUntil('?>', 'a processing instruction');
      else if (text.startsWith('<!--', i)) skipUntil('-->', 'a comment');
      else if (text.startsWith('<!DOCTYPE', i)) skipUntil('>', 'the DOCTYPE');
      else return;
    }
  };
  const element = (depth: number): XmlElement => {
    if (depth > 64) fail('elements nested more than 64 deep');
    const at = pos();
    if (text[i] !== '<') fail(`expected '<', found ${i >= text.length ? 'the end of the file' : `'${text[i]}'`}`);
    adv(1);
    const tag = name();
    const attrs: XmlAttr[] = [];
    for (;;) {
      const hadWs = i < text.length && /\s/.test(text[i]!);
      skipWs();
      if (text.startsWith('/>', i)) {
        adv(2);
        return { name: tag, attrs, children: [], at };
      }
      if (text[i] === '>') {
        adv(1);
        break;
      }
      if (i >= text.length) fail(`the element <${tag}> is not closed`, at);
      if (!hadWs) fail(`expected whitespace, '>' or '/>' in <${tag}>`);
      const aAt = pos();
      const aName = name();
      skipWs();
      if (text[i] !== '=') fail(`the attribute '${aName}' needs a value: ${aName}="…"`);
      adv(1);
      skipWs();
      const q = text[i];
      if (q !== '"' && q !== "'") fail(`the value of '${aName}' must be quoted`);
      const vAt = pos();
      adv(1);
      const end = text.indexOf(q!, i);
      if (end < 0) fail(`the value of '${aName}' is not closed`, vAt);
      const raw = text.slice(i, end);
      if (raw.includes('<')) fail(`'<' inside the value of '${aName}'`, vAt);
      adv(end + 1 - i);
      if (attrs.some((a) => a.name === aName)) fail(`the attribute '${aName}' is given twice`, aAt);
      attrs.push({ name: aName, value: decode(raw, vAt), at: aAt });
    }
    const children: XmlElement[] = [];
    for (;;) {
      if (i >= text.length) fail(`<${tag}> is not closed with </${tag}>`, at);
      if (text.startsWith('<!--', i)) skipUntil('-->', 'a comment');
      else if (text.startsWith('<![CDATA[', i)) skipUntil(']]>', 'a CDATA section');
      else if (text.startsWith('<?', i)) skipUntil('?>', 'a processing instruction');
      else if (text.startsWith('</', i)) {
        const cAt = pos();
        adv(2);
        const close = name();
        skipWs();
        if (text[i] !== '>') fail(`expected '>' after </${close}`);
        adv(1);
        if (close !== tag) fail(`</${close}> closes <${tag}> (opened at ${at.line}:${at.column})`, cAt);
        return { name: tag, attrs, children, at };
      } else if (text[i] === '<') children.push(element(depth + 1));
      else {
        const s = i;
        const j = text.indexOf('<', i);
        adv((j < 0 ? text.length : j) - s);
      }
    }
  };
  misc();
  if (i >= text.length) fail('the file has no root element');
  const root = element(0);
  misc();
  if (i < text.length) fail('content after the root element');
  return root;
}
