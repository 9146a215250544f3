// Reading Bao's configuration structs out of the C reader's values: each struct admits the
// fields Bao's headers declare (src/core/inc/config.h, vm.h, platform.h, arch/armv8 platform.h),
// every `*_num` is checked against the length of its list, and all errors are collected.

import type { Diagnostic } from '../../config/diagnostics.js';
import type { SourceRef } from '../../config/types.js';
import type { CItem, CValue } from './creader.js';

export class Reader {
  readonly errors: Diagnostic[] = [];

  error(at: SourceRef, message: string, hint: string): void {
    this.errors.push({ class: 'semantic', at, message, hint });
  }

  /** The designated fields of a struct initializer; unknown or positional ones are errors. */
  struct(v: CValue | undefined, allowed: readonly string[], what: string): Map<string, CItem> | undefined {
    if (v === undefined) return undefined;
    if (v.kind !== 'list') {
      this.error(v.at, `${what} must be a {…} initializer`, `write ${what} as { .${allowed[0]} = … }`);
      return undefined;
    }
    const out = new Map<string, CItem>();
    for (const it of v.items) {
      if (it.field === undefined) {
        this.error(it.at, `a positional element in ${what}`, `name the field: Bao's configurations use designated initializers (.${allowed.join(', .')})`);
        continue;
      }
      if (!allowed.includes(it.field)) {
        this.error(it.at, `${what} has no field '.${it.field}'`, `its fields are .${allowed.join(', .')}`);
        continue;
      }
      if (out.has(it.field)) this.error(it.at, `'.${it.field}' is initialized twice in ${what}`, 'C keeps the last one silently: remove one');
      out.set(it.field, it);
    }
    return out;
  }

  /** The elements of an array initializer, with `[i] =` designators placed at their index. */
  array(v: CValue | undefined, what: string): { value: CValue; at: SourceRef }[] {
    if (v === undefined) return [];
    if (v.kind !== 'list') {
      this.error(v.at, `${what} must be a {…} list`, `write ${what} as {…}`);
      return [];
    }
    const slots: ({ value: CValue; at: SourceRef } | undefined)[] = [];
    let i = 0;
    for (const it of v.items) {
      if (it.field !== undefined) {
        this.error(it.at, `'.${it.field}' in ${what}, which is an array`, 'an array element is [index] = value or positional');
        continue;
      }
      if (it.index !== undefined) {
        if (it.index > 4096n) {
          this.error(it.at, `index ${it.index} in ${what} is past any configuration's size`, 'indices count from 0');
          continue;
        }
        i = Number(it.index);
      }
      if (slots[i] !== undefined) this.error(it.at, `element [${i}] of ${what} is initialized twice`, 'C keeps the last one silently: remove one');
      slots[i] = { value: it.value, at: it.at };
      i++;
    }
    const gap = slots.findIndex((s) => s === undefined);
    if (gap >= 0 && gap < slots.length) {
      this.error(v.at, `element [${gap}] of ${what} is not initialized: C fills it with zeros`, 'list every element; an all-zero element is not what was meant');
      return slots.filter((s): s is { value: CValue; at: SourceRef } => s !== undefined);
    }
    return slots as { value: CValue; at: SourceRef }[];
  }

  int(it: CItem | undefined, what: string): bigint | undefined {
    if (it === undefined) return undefined;
    if (it.value.kind !== 'int') {
      this.error(it.value.at, `${what} must be an integer`, `write ${what} as a number`);
      return undefined;
    }
    return it.value.value;
  }

  /** A `*_num` field and its list: they must agree, since Bao reads only `*_num` elements. */
  counted(fields: Map<string, CItem>, numField: string, listField: string, what: string, owner: SourceRef): { value: CValue; at: SourceRef }[] {
    const n = this.int(fields.get(numField), `.${numField}`);
    const listItem = fields.get(listField);
    const list = this.array(listItem?.value, `.${listField} of ${what}`);
    const numAt = fields.get(numField)?.at ?? listItem?.at ?? owner;
    if (n === undefined && list.length > 0) this.error(numAt, `.${numField} is not given (0) but .${listField} of ${what} lists ${list.length}`, `Bao reads .${numField} elements and would ignore them: add .${numField} = ${list.length}`);
    else if (n !== undefined && n !== BigInt(list.length)) this.error(numAt, `.${numField} is ${n} but .${listField} of ${what} lists ${list.length}`, `Bao reads .${numField} elements: write .${numField} = ${list.length}, or fix the list`);
    return list;
  }
}

/** Bits set in a bitmap, lowest first. */
export function bits(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; v > 0n && i < 64; i++, v >>= 1n) if ((v & 1n) === 1n) out.push(i);
  return out;
}
