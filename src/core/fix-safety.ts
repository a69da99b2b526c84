// The safety gate every rule's fix passes through (analyze.ts calls it on each finding): a fix a rule offers as
// `safe` stays safe only if it overrides no explicit choice and is not in a test. Per docs/fixes.md, safe means
// "applies only to the API it was written for, overrides no explicit user choice, keeps every byte outside its
// edit"; the rules check the API (extract/python/resolve.ts), this checks the rest for every rule alike, so a new
// rule cannot forget it:
// - an edit that replaces text the user wrote (a value, not whitespace or a comment it keeps) changes an explicit
//   choice (`bf16=False` → `True`, `num_workers=0` → `4`, `"enabled": false` → `true`): unsafe;
// - in a test file (pytest / unittest naming) a change of precision or batching can break an assertion on exact
//   outputs: unsafe.
// Pure.
import { isTestFile } from './extract/python/rulekit';
import type { Fix } from './types';

/** The text an edit replaces that it does not keep: what the user wrote and the fix changes. */
function overridden(text: string, e: { span: { start: number; end: number }; newText: string }): string | undefined {
  const old = text.slice(e.span.start, e.span.end);
  const meaningful = old.replace(/#[^\n]*/g, '').replace(/\/\/[^\n]*/g, '').replace(/[\s,]/g, '');
  if (meaningful === '') return undefined; // whitespace, commas, comments
  if (e.newText.includes(old.trim())) return undefined; // kept inside the new text (an argument added after it)
  return old.trim();
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

/** The fix as it may be offered: `safe` downgraded to `unsafe`, with the reason in its title, when it must be. */
export function gateFixSafety(fix: Fix, file: string, text: string): Fix {
  if (fix.safety !== 'safe') return fix;
  for (const e of fix.edits) {
    if (e.file !== file) continue;
    const old = overridden(text, e);
    if (old !== undefined) return { ...fix, safety: 'unsafe', title: `${fix.title} (replaces \`${short(old)}\`, a value set explicitly)` };
  }
  if (isTestFile(file)) return { ...fix, safety: 'unsafe', title: `${fix.title} (in a test: outputs may be compared exactly)` };
  return fix;
}
