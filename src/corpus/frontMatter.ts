import { z } from 'zod';
import type { ArticleMeta } from './types.js';

/** What an article's front matter may hold. Unknown keys are ignored so older files keep loading. */
export const articleMetaSchema = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(300),
  source: z.string().trim().min(1).max(200).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  published: z.string().trim().min(1).max(60).optional(),
  language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en"').optional(),
});

export type FrontMatterResult =
  | { ok: true; meta: ArticleMeta; body: string; bodyOffset: number }
  | { ok: false; message: string };

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits `---`-fenced, YAML-style front matter (`key: value` lines; values may be quoted) from the body
 * and validates it. Expected failures are values, not exceptions: the loader reports them per file.
 */
export function parseFrontMatter(raw: string): FrontMatterResult {
  const text = raw.replace(/^\uFEFF/, '');
  const fence = FENCE.exec(text);
  if (!fence) return { ok: false, message: 'missing front matter (a block between two "---" lines with at least "title:")' };
  const fields: Record<string, string> = {};
  const lines = (fence[1] ?? '').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) return { ok: false, message: `front matter line ${i + 2} is not "key: value": ${JSON.stringify(line.slice(0, 80))}` };
    fields[match[1]!.toLowerCase()] = unquote(match[2]!.trim());
  }
  for (const key of Object.keys(fields)) if (fields[key] === '') delete fields[key];
  const parsed = articleMetaSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'front matter';
    const message = issue.code === 'invalid_type' && fields[field] === undefined ? 'is required' : issue.message;
    return { ok: false, message: `field "${field}" ${message}` };
  }
  const bodyOffset = fence[0].length + (raw.length - text.length);
  return { ok: true, meta: parsed.data, body: raw.slice(bodyOffset), bodyOffset };
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  if (!quoted) return value;
  return value.startsWith('"') ? quoted[1]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\') : quoted[1]!.replace(/''/g, "'");
}
