// Text edits shared by the model-API rules: append an option to a call's object literal (JS/TS) or keyword
// arguments (Python), keeping the surrounding layout (one-line vs one-option-per-line, trailing commas).
import type { Span, TextEdit } from '../../types';
import type { OptionsSite, SourceLang } from './usage';

export function appendOptionEdit(file: string, text: string, site: OptionsSite, entry: string): TextEdit {
  if (site.lastEnd < 0) return { file, span: { start: site.open + 1, end: site.close }, newText: entry };
  const between = text.slice(site.lastEnd, site.close);
  const comma = between.indexOf(',');
  const trailingComma = comma >= 0 && between.slice(0, comma).trim() === '';
  const at = (o: number): Span => ({ start: o, end: o });
  if (between.includes('\n')) {
    const lineStart = text.lastIndexOf('\n', site.lastEnd - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, site.lastEnd))?.[0] ?? '';
    return trailingComma
      ? { file, span: at(site.lastEnd + comma + 1), newText: `\n${indent}${entry},` }
      : { file, span: at(site.lastEnd), newText: `,\n${indent}${entry}` };
  }
  return trailingComma ? { file, span: at(site.lastEnd + comma + 1), newText: ` ${entry},` } : { file, span: at(site.lastEnd), newText: `, ${entry}` };
}

/** `name: value` in JS/TS, `name=value` in Python. */
export function optionEntry(lang: SourceLang, name: string, value: string): string {
  return lang === 'jsts' ? `${name}: ${value}` : `${name}=${value}`;
}

/** A system prompt value wrapped as one cached text block (Anthropic prompt caching). */
export function cachedSystemBlock(lang: SourceLang, valueText: string): string {
  return lang === 'jsts'
    ? `[{ type: "text", text: ${valueText}, cache_control: { type: "ephemeral" } }]`
    : `[{"type": "text", "text": ${valueText}, "cache_control": {"type": "ephemeral"}}]`;
}
