import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls, MediaRefSchema } from '../../../src/common/api';

// Every string a caller can send has a maximum length, so no input can make a host hold, store or
// echo megabytes of text. A pattern with only bounded repeats (`^#[0-9a-f]{6}$`) counts as a bound.

interface Def {
  type: string;
  [key: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function boundedByPattern(s: z.ZodString): boolean {
  const checks = (defOf(s).checks ?? []) as { _zod: { def: { format?: string; pattern?: RegExp } } }[];
  return checks.some(({ _zod: { def } }) => {
    const source = def.format === 'regex' ? def.pattern?.source : undefined;
    return !!source && source.startsWith('^') && source.endsWith('$') && !/[*+]|\{\d+,\}/.test(source);
  });
}

/** Paths (`.a.b[]`) of the unbounded strings inside a schema. */
function unboundedStrings(schema: unknown, at: string): string[] {
  const def = defOf(schema);
  const walk = (child: unknown, suffix: string) => unboundedStrings(child, at + suffix);
  switch (def.type) {
    case 'string': {
      const s = schema as z.ZodString;
      return s.maxLength !== null || boundedByPattern(s) ? [] : [at || '.'];
    }
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([k, v]) => walk(v, `.${k}`));
    case 'array':
      return walk(def.element, '[]');
    case 'tuple':
      return [
        ...(def.items as unknown[]).flatMap((v, i) => walk(v, `[${i}]`)),
        ...(def.rest ? walk(def.rest, '[…]') : []),
      ];
    case 'record':
      return [...walk(def.keyType, '{key}'), ...walk(def.valueType, '{}')];
    case 'union':
      return (def.options as unknown[]).flatMap((v, i) => walk(v, `|${i}`));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return walk(def.innerType, '');
    case 'pipe':
      return walk(def.in, '');
    default:
      return [];
  }
}

describe('contract inputs', () => {
  it('bound the length of every string', () => {
    const found = Object.entries(calls).flatMap(([name, c]) => unboundedStrings(c.input, name));
    found.push(...unboundedStrings(MediaRefSchema, 'MediaRef'));
    expect(found).toEqual([]);
  });

  it('are walked through objects, arrays, records, unions and wrappers', () => {
    const probe = z.object({
      a: z.array(z.string()).optional(),
      b: z.record(z.string().max(9), z.string()),
      c: z.union([z.string().regex(/^#[0-9a-f]{6}$/), z.string().regex(/^x+$/)]),
      d: z.string().trim().max(9).default(''),
    });
    expect(unboundedStrings(probe, '')).toEqual(['.a[]', '.b{}', '.c|1']);
  });
});
