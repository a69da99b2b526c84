// api/repeated-prefix-uncached: a long constant prefix sent uncached to a provider that caches only on request.
// Owned by the model-API work.
import type { Rule } from '../../rule';
import { checkRepeatedPrefix } from './check';

export const rule: Rule = {
  meta: {
    id: 'api/repeated-prefix-uncached',
    title: 'long prompt prefix not cached',
    severity: 'info',
    fixSafety: 'unsafe',
    languages: ['jsts', 'python', 'notebook'],
  },
  docs: {
    whatItDoes:
      'Flags an Anthropic `messages.create` call, made from a loop, a request handler or a function, whose `system` prompt is a long constant (at least the 1024-token minimum Anthropic caches; 2048 for Haiku) and carries no `cache_control` breakpoint.',
    whyItCosts:
      'Without a breakpoint, the provider re-reads (prefills) the whole prefix on every call. With prompt caching, a cached prefix costs 10% of the input price to read (writes cost 1.25× once per 5 minutes), and the prefill work for it is skipped. Anthropic caches only where `cache_control` marks it; OpenAI and Gemini 2.5 cache long prefixes automatically, so they are not flagged.',
    example: {
      file: 'support.py',
      code: 'SYSTEM = """You are the support assistant for ... (3,000 words of policy) ..."""\n\ndef answer(question):\n    return client.messages.create(\n        model="claude-3-5-haiku-latest", max_tokens=500,\n        system=SYSTEM,\n        messages=[{"role": "user", "content": question}],\n    )',
    },
    useInstead: {
      file: 'support.py',
      code: 'def answer(question):\n    return client.messages.create(\n        model="claude-3-5-haiku-latest", max_tokens=500,\n        system=[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}],\n        messages=[{"role": "user", "content": question}],\n    )',
    },
    fixSafety:
      'Unsafe: the fix wraps the system prompt in one text block with an ephemeral cache breakpoint. Answers do not change, but a cache write costs 1.25× the normal input price, so it pays off only when the same prefix is sent again within the cache lifetime (5 minutes by default).',
    estimatedImpact:
      'Up to 90% of the input cost of the cached prefix on cache hits (Anthropic prompt-caching price list, see model-apis.json), and the prefill compute for it; nothing for one-off calls.',
    notFlagged:
      'Prefixes shorter than the cacheable minimum (estimated at 4 characters per token), prompts built from variables, requests that already set `cache_control` anywhere, one-shot calls at a script’s top level, and providers that cache automatically (OpenAI, Gemini).',
  },
  check: checkRepeatedPrefix,
};
