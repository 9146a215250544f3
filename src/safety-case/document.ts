// A report as data: headings, paragraphs, lists, tables and the diagram. The Markdown and
// HTML renderers draw the same document, so the two reports cannot say different things.

export type Tone = 'holds' | 'violated' | 'inconclusive' | 'not-applicable' | 'missing' | 'assumption' | 'info';

export interface Cell {
  readonly text: string;
  /** Colours a verdict cell; the text always says it in words too. */
  readonly tone?: Tone;
  readonly code?: boolean;
  /** A link (relative), e.g. to the explorer page of a violated property. */
  readonly href?: string;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly anchor: string }
  | { readonly kind: 'para'; readonly text: string; readonly tone?: Tone }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly (Cell | string)[])[]; readonly id?: string }
  | { readonly kind: 'diagram'; readonly svg: string; readonly file: string; readonly caption: string }
  | { readonly kind: 'code'; readonly text: string };

export interface ReportDocument {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export function cell(x: Cell | string): Cell {
  return typeof x === 'string' ? { text: x } : x;
}

export function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
