// The hosted-model-API table (model-apis.json): schema, validation and lookup by the ids code writes
// ("gpt-4o-2024-08-06", "anthropic/claude-3-opus-20240229", "models/gemini-1.5-pro"). Owned by the model-API work.
// Invariant: every price and range comes from the JSON, which names its sources and the date it was recorded.
import { z } from 'zod';
import raw from './model-apis.json';

export const apiTierSchema = z.enum(['frontier', 'large', 'small', 'nano', 'embedding']);
export type ApiTier = z.infer<typeof apiTierSchema>;

const range = z.object({ low: z.number().positive(), high: z.number().positive() }).refine((r) => r.low <= r.high, 'low ≤ high');

export const apiModelSchema = z.object({
  id: z.string().min(1),
  provider: z.enum(['openai', 'anthropic', 'google', 'hf']),
  kind: z.enum(['chat', 'embedding']),
  tier: apiTierSchema,
  /** The smaller model of the same provider to suggest for small tasks. */
  smaller: z.string().optional(),
  /** USD per million input / output tokens, list price. */
  inputPerMTok: z.number().nonnegative().optional(),
  outputPerMTok: z.number().nonnegative().optional(),
  /** Published parameter counts (open-weight models only). */
  params: z.number().positive().optional(),
  activeParams: z.number().positive().optional(),
});
export type ApiModel = z.infer<typeof apiModelSchema>;

export const modelApisSchema = z.object({
  $comment: z.string(),
  recorded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sources: z.record(z.string(), z.string().min(10)),
  tiers: z.record(apiTierSchema, z.object({ activeParams: range, basis: z.string().min(20) })),
  models: z.array(apiModelSchema),
});
export type ModelApis = z.infer<typeof modelApisSchema>;

export const modelApis: ModelApis = modelApisSchema.parse(raw);

const byId = new Map(modelApis.models.map((m) => [m.id.toLowerCase(), m]));
const idsLongestFirst = [...byId.keys()].sort((a, b) => b.length - a.length);

/** What may follow a table id in a snapshot name: a date or version (`2024-08-06`, `20241022`, `0613`, `002`), `latest`, `preview…`, `exp…`. */
const SNAPSHOT = /^(latest|preview|exp|\d{2,8})([-.]\w+)*$/;

function matchOne(id: string): ApiModel | undefined {
  const exact = byId.get(id);
  if (exact) return exact;
  // A dated or aliased snapshot of a table id: "gpt-4o-2024-08-06", "claude-3-5-haiku-latest".
  for (const k of idsLongestFirst) {
    if (!(id.startsWith(`${k}-`) || id.startsWith(`${k}@`))) continue;
    if (SNAPSHOT.test(id.slice(k.length + 1))) return byId.get(k);
  }
  return undefined;
}

/** The table row for a model id as code writes it; undefined when the id is unknown. */
export function lookupApiModel(id: string): ApiModel | undefined {
  const s = id.trim().toLowerCase();
  if (!s) return undefined;
  const direct = matchOne(s);
  if (direct) return direct;
  // Router prefixes (litellm "anthropic/…", OpenRouter "openai/…", Google "models/…").
  const slash = s.indexOf('/');
  return slash > 0 ? matchOne(s.slice(slash + 1)) : undefined;
}

/** Active-parameter range for a model: published counts when there are, else the tier's assumed range. */
export function apiModelParams(m: ApiModel): { low: number; high: number; published: boolean } {
  const p = m.activeParams ?? m.params;
  if (p) return { low: p, high: p, published: true };
  const t = modelApis.tiers[m.tier];
  return { low: t.activeParams.low, high: t.activeParams.high, published: false };
}
