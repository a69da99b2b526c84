// api/unbounded-output: generation without an output-token limit where the API allows one. Owned by the model-API work.
import type { Rule } from '../../rule';
import { checkUnboundedOutput } from './check';

export const rule: Rule = {
  meta: {
    id: 'api/unbounded-output',
    title: 'unbounded model output',
    severity: 'info',
    fixSafety: 'unsafe',
    languages: ['jsts', 'python', 'notebook'],
    // off unless selected: on fresh corpora (code no rule author had read) it was right on none of 13 findings
    // (corpus10 0/1, corpus11 0/12): most replies are short by design (a rating, a yes/no, one line), so a cap saves
    // nothing there; the rule is not in catalogue v1
    optIn: true,
  },
  docs: {
    whatItDoes:
      'Opt-in, info level: judged on fresh corpora it was right on none of 13 findings (most replies are short by design, so a cap saves nothing). Flags repeated calls to hosted generation APIs that set no output-token limit although the API accepts one: OpenAI chat completions without `max_completion_tokens` / `max_tokens`, the Responses API without `max_output_tokens`, Gemini `generateContent` without `maxOutputTokens`, litellm and Hugging Face chat completion without `max_tokens` — in a loop over data, a request handler, a judge or reward function, or library code.',
    whyItCosts:
      'Decoding dominates the energy and the price of a request: every output token is one forward pass of the whole model, and output tokens cost 4–8× input tokens in the providers’ price lists (e.g. $10 vs $2.50 per million for gpt-4o). Without a cap, a rambling answer, a repetition loop or a prompt injection runs to the model’s maximum output (16k–100k tokens).',
    example: {
      file: 'summarise.ts',
      code: 'const r = await openai.chat.completions.create({\n  model: "gpt-4o-mini",\n  messages: [{ role: "user", content: `Summarise: ${text}` }],\n});',
    },
    useInstead: {
      file: 'summarise.ts',
      code: 'const r = await openai.chat.completions.create({\n  model: "gpt-4o-mini",\n  messages: [{ role: "user", content: `Summarise: ${text}` }],\n  max_completion_tokens: 300,\n});',
    },
    fixSafety:
      'Unsafe: the fix adds a limit of 1024 tokens, which cuts off any longer answer; choose the limit your use needs. No fix is offered for Gemini (the limit lives in a nested `config`).',
    estimatedImpact:
      'Bounds the worst case rather than the typical call: a call that would have run to a 16k-token maximum costs at most 1/16 of that energy. The engine’s per-token decode model (energy ∝ output tokens) gives the figure for the job.',
    notFlagged:
      'Anthropic `messages.create` (it requires `max_tokens`), legacy text completions (16-token default), HF `text_generation` (server default), calls whose options come from a spread (`...opts`) or `**kwargs`, and calls with a dynamic limit. In Python, calls that run once: at a script\'s or notebook\'s top level (also in a loop over a handful of items written in the code, at most 5, walked directly or through `enumerate()` / `tqdm()`, or the hits of a search capped by a constant: `for hit in response.objects:` after `response = store.query.near_text(..., limit=3)`, `top_k=` / `k=` up to 64, `auto_limit=` up to 3 groups), or in helpers that the file calls only from there (a demo client, a smoke request to a local server); calls to embedding, reranker and classification endpoints (the model id says so, or the file deploys the server with such a `task_type`); files whose prompts ask for long-form output ("as detailed as possible", "in excruciating detail", "a detailed analysis": the long answer is the product, and a cap would cut off what the code then parses; short answers — a judge\'s one-number score, a label — are still flagged); interactive UI apps (gradio, streamlit) and terminal chats (the loop around the request first reads the user\'s message with `input()`), requests that set a reasoning effort (`reasoning_effort=`, `reasoning={...}`: a reasoning model\'s limit counts its hidden reasoning too, so the effort is the code\'s own bound on the output and a short cap returns an empty answer; OpenAI reasoning guide), calls in a loop over the tool calls of one response (`for call in message.tool_calls:`, a handful per turn) and calls inside a function the code hands to the model as a tool (`tools=[search]`, also through `tools = [search]` ... `tools=tools`: the model calls it during one chat turn), which answer one user\'s clicks. A call counts as repeated in a loop over data, a request handler, a helper called from either, a function passed on as a callback or reward function, or a function nothing in the file calls (a library function). In JS/TS the same reading applies: a call at a script\'s top level, in the callback of a top-level call such as `run(async () => …)` (when the callee is defined in the workspace it must call the callback once, outside any loop; `setInterval` and a runner that calls it in a loop make it repeated), or in a `main()` called once is a one-off; exported functions and functions passed on as values are repeated. Chat routes that answer one user turn with the conversation the UI sent (`messages` converted with the AI SDK\'s `convertToModelMessages`, or forwarded from the handler\'s request body, e.g. a Next.js `POST` in `app/api/chat/route.ts`), like the gradio and streamlit apps; a route that builds its own prompt from the posted data (a summary, an extraction) is still flagged.',
  },
  check: checkUnboundedOutput,
};
