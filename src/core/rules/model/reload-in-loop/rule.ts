// model/reload-in-loop: a model or pipeline constructed inside a loop or a per-request handler. Owned by the
// model-API work.
import type { Rule } from '../../rule';
import { checkReloadInLoop } from './check';

export const rule: Rule = {
  meta: {
    id: 'model/reload-in-loop',
    title: 'model reloaded in a loop or per request',
    severity: 'warning',
    fixSafety: 'manual',
    languages: ['jsts', 'python', 'notebook'],
  },
  docs: {
    whatItDoes:
      'Flags model loads — transformers `pipeline(...)` / `*.from_pretrained(...)`, diffusers pipelines, `SentenceTransformer(...)`, vLLM `LLM(...)`, transformers.js `pipeline(...)` — that run inside a loop or inside a per-request handler (Express/Fastify/Next.js routes, FastAPI/Flask views, gradio callbacks), directly or through a local helper function or class constructor called there.',
    whyItCosts:
      'Loading reads hundreds of MB to tens of GB from disk or the network, deserialises it and copies it to the accelerator; for a 7B model in bf16 that is ~14 GB and seconds to minutes of I/O and host work per load, repeated for every item or request while the GPU sits idle. Loading once makes each request cost only its forward pass.',
    example: {
      file: 'server.ts',
      code: 'app.post("/sentiment", async (req, res) => {\n  const classify = await pipeline("sentiment-analysis");\n  res.json(await classify(req.body.text));\n});',
    },
    useInstead: {
      file: 'server.ts',
      code: 'const classify = await pipeline("sentiment-analysis");\n\napp.post("/sentiment", async (req, res) => {\n  res.json(await classify(req.body.text));\n});',
    },
    fixSafety: 'Advice only: moving a load changes start-up and memory behaviour, so the rule explains the change and leaves it to you.',
    estimatedImpact:
      'Removes one full model load per item or request; for small models that is usually most of the wall-clock time and host energy of each request (the load costs more than the forward pass).',
    notFlagged:
      'A model loaded once at module level and used in a handler; lazy singletons (`x ??= await pipeline(...)`, `if model is None:`, `global`, `@lru_cache` / `@st.cache_resource`); loops whose item selects a different model (a comparison of models); a handful of literal iterations (a list or set of devices or configurations written in the code); reloads the loop needs: a loop that also trains (one fresh model per cross-validation fold, seed or run, since training changes the weights in place); loads in a checkpoint hook (a function registered with accelerate\'s `register_load_state_pre_hook` / `register_save_state_pre_hook` or torch\'s `register_load_state_dict_pre_hook` runs once per `load_state` / `save_state`, not per step) and loops that drain the list they walk (`for _ in range(len(models)): model = models.pop()`: one load per element, each a different model); API clients such as `new OpenAI()` (cheap objects, no weights). A load (or the helper call that loads) under an `if` whose condition takes a modulo inside the loop (`if step % save_steps == 0:`: a periodic checkpoint or export, a few loads per run), a load under `if i == rank:` in a loop `for i in range(...)` (processes loading in turns: the guard picks one pass, so each process loads once), and a load in an agent tool (`@tool`: the agent calls it a few times per run, with the model id it passes).',
  },
  check: checkReloadInLoop,
};
