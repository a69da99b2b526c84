// The language-neutral picture of how a file uses models: hosted-API calls and in-process model loads, each with
// the loop / request handler it sits in. Built from JS/TS (extract/jsts) and Python (extract/api/python-*.ts);
// the model-API rules read only this. Owned by the model-API work.
import type { Span } from '../../types';

export type ApiProvider = 'openai' | 'anthropic' | 'google' | 'hf' | 'litellm' | 'transformers-js' | 'ai-sdk';

/** What a call asks for. */
export type ApiCallKind =
  | 'chat' // OpenAI chat.completions, litellm completion, HF chat_completion
  | 'responses' // OpenAI Responses API
  | 'completions' // legacy text completions
  | 'messages' // Anthropic messages
  | 'generate' // Google generateContent / generate_content
  | 'embedding' // any embeddings endpoint (inputs may be a list)
  | 'text-generation' // HF text_generation
  | 'task' // another HF Inference task (classification, feature extraction…)
  | 'pipeline-run' // calling a transformers.js pipeline on inputs
  | 'batch'; // a batch-API submission

export type SourceLang = 'jsts' | 'python';

/** A value read from code: a constant, or `dynamic` when it cannot be known statically. */
export interface ReadValue<T> {
  value?: T;
  dynamic: boolean;
  span: Span;
}

/** Where a new argument / property can be appended to the call's options (object literal or keyword arguments). */
export interface OptionsSite {
  /** Offset just after the last argument/property; -1 when the list is empty. */
  lastEnd: number;
  /** Offset of the closing `}` / `)`. */
  close: number;
  /** Offset of the opening `{` / `(`. */
  open: number;
  /** The options may carry more keys than written (`...opts`, `**kwargs`). */
  open_ended: boolean;
}

export interface LoopInfo {
  kind: 'for' | 'for-of' | 'for-in' | 'map' | 'comprehension';
  /** The loop's head (for the message and related info). */
  span: Span;
  /** The call's inputs depend on the loop item. */
  itemDependent: boolean;
  /** The loop iterates over batches / chunks (the call already sends many items). */
  overBatches: boolean;
  /** The loop variable picks the model (a model comparison), not a data item. */
  overModels: boolean;
  /** The loop iterates a small literal list (not a data set). */
  literalSmall: boolean;
  /**
   * The most items the loop can see, as far as the code shows (Python): a literal list, a slice `xs[:N]`,
   * `range(N)`, a module-level name every assignment of which is one of these, or a function parameter every caller
   * in the file passes one of these. Absent: not known (a data set read at run time).
   */
  items?: number;
  /** The loop's function takes a live user query (`query`, `question`) that the requests read: one answer, now (Python). */
  perQuery?: boolean;
  /** The loop walks the pieces of one input its function split (`chunks = chunk_text(text)`): one document's map step (Python). */
  oneDocument?: boolean;
  /**
   * The requests are already sent concurrently: the loop feeds `asyncio.gather` / `as_completed` / `asyncio.wait`,
   * an executor or a pool (`pool.map`, `executor.submit`, `thread_map`), or the loop's function does (Python only).
   */
  concurrent?: boolean;
}

export interface ApiCall {
  lang: SourceLang;
  provider: ApiProvider;
  /** For the Vercel AI SDK: the provider behind the model (`openai("gpt-4o")` → openai), when known. */
  modelProvider?: ApiProvider;
  kind: ApiCallKind;
  /** The whole call expression. */
  span: Span;
  /** e.g. `client.chat.completions.create` as written. */
  callee: string;
  model?: ReadValue<string>;
  /** The output-token limit under its API name, when set. */
  maxTokens?: ReadValue<number> & { name: string };
  options?: OptionsSite;
  /** Anthropic `system`: constant length in characters, whether a cache breakpoint is set anywhere in the request. */
  system?: ReadValue<string>;
  cacheControl: boolean;
  /** Constant prompt text the call sends (system + messages + prompt), for task evidence. */
  promptText: string[];
  /** A response schema / enum restricts the answer to a fixed label set. */
  enumAnswer: boolean;
  /** Embedding input is already a list. */
  listInput: boolean;
  loop?: LoopInfo;
  /** Inside a per-request / per-message handler. */
  inHandler: boolean;
  /** Inside a function body (not module top level). */
  inFunction: boolean;
  /** Helper call in a loop that reaches this API call (one level through a local function). */
  via?: { span: Span; name: string };
  /**
   * How often the call runs, as far as the file shows: `repeated` (a loop over data, a request handler, a helper
   * called from either, a function only other modules or a framework call), `once` (module top level, or functions
   * every call of which in the file runs once; in JS/TS also a callback of a top-level `run(async () => …)` whose
   * local definition calls it once, and the body of a `main()` called once). Absent: not analysed.
   */
  runs?: 'repeated' | 'once';
  /**
   * One turn of a chat UI (JS/TS): the request forwards the conversation the client sent (`messages` converted with
   * the AI SDK's `convertToModelMessages`, or read from the handler's request body), one open-ended answer per user
   * message.
   */
  chatTurn?: boolean;
  /**
   * The request is a turn of an agent loop: its function loops while the model asks for tools
   * (`while response.stop_reason == "tool_use":`, `while msg.tool_calls:`), each turn needing the last one's tool
   * results (Python).
   */
  agentTurn?: boolean;
  /**
   * The request runs inside a function the code hands to the model as a tool (`tools=[search]`, Python): the model
   * calls it during one chat turn and waits for its result.
   */
  toolCall?: boolean;
  /** The endpoint returns a label, a score or a vector, not generated text (an embedding / reranker / classifier). */
  nonGenerative?: boolean;
  /**
   * The request sets a reasoning effort (`reasoning_effort=`, `reasoning={...}` / `reasoning: {...}`): a reasoning
   * model, whose output-token limit counts its hidden reasoning tokens too (OpenAI's reasoning guide,
   * platform.openai.com/docs/guides/reasoning: `max_output_tokens` limits reasoning and final output together), so the
   * effort the code chose is its control of the output's length, and a short cap returns an empty answer.
   */
  reasoningEffort?: boolean;
  /**
   * Where the client sends requests when the code points it elsewhere than the SDK's default (`base_url=`,
   * `api_base=`, `openai.api_base = …`): the host of a constant URL, `local` for localhost / loopback / 0.0.0.0
   * (a self-hosted vLLM, TGI, Ollama or swift server), `dynamic` when the URL is not a constant.
   */
  endpoint?: { host?: string; local: boolean; dynamic: boolean };
}

export interface ModelLoad {
  lang: SourceLang;
  /** e.g. `pipeline("sentiment-analysis")`, `AutoModel.from_pretrained`. */
  what: string;
  span: Span;
  loop?: LoopInfo;
  inHandler: boolean;
  /** When reached through a local function called from a loop or handler. */
  via?: { span: Span; name: string };
}

export interface ApiUsage {
  calls: ApiCall[];
  loads: ModelLoad[];
  /** The file is an interactive UI (gradio, streamlit): calls run per click of one user. */
  ui?: boolean;
  /**
   * A prompt string of the file asks for long-form output ("as detailed as possible", "in excruciating detail"):
   * the long answer is the product, and an output cap would cut it off (Python).
   */
  longForm?: boolean;
}
