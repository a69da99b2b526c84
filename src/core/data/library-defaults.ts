// The shared table of library defaults that decide a rule's verdict (TRL's configs turn bf16 on, transformers 4.x
// loads fp32 and v5 the checkpoint's dtype, Composer trains in fp16 AMP, ...). One row per default, with the
// versions it holds for and its source; validated with zod at first use (a bad row is a build bug). Rules ask
// `resolveDefault(qualifiedName, setting, declaredRange)` and get the one value the project's declared versions
// allow, or every value they might get ("depends"), never a guess.
import { z } from 'zod';
import type { Precision } from '../types';
import table from './library-defaults.json';
import { ANY_VERSION, parseRange, rangesIntersect, type VersionRange } from './versions';
import { keptOff } from '../incremental/kept';

const RepoSource = z
  .object({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    path: z.string().min(1),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    line: z.number().int().positive().optional(),
    note: z.string().optional(),
  })
  .strict();
const UrlSource = z.object({ url: z.string().regex(/^https:\/\/\S+$/), note: z.string().optional() }).strict();

/** A dotted qualified-name pattern: `*` matches within one segment, a `**` segment any number of segments. */
const NamePattern = z.string().regex(/^[A-Za-z_*][\w*]*(\.[\w*]+)*$/);

export const LibraryDefaultSchema = z
  .object({
    /** `library/what`, stable: rules and tests name rows by it. */
    id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
    /** The PyPI distribution name (`trl`, `transformers`, `mosaicml` for Composer). */
    library: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    /** PEP 440 specifier set the default holds for; empty for every version we know of. */
    versions: z.string().refine((s) => parseRange(s) !== undefined, { message: 'not a version range' }),
    /** Qualified names (classes, functions, or a module for "importing it") the default is about. */
    applies: z.array(NamePattern).min(1),
    except: z.array(NamePattern).optional(),
    setting: z.string().min(1),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    /** What the default means for the job's precision fact, when it is about precision. */
    precision: z.enum(['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'auto']).optional(),
    /** One sentence a user can read in a message or a hover. */
    says: z.string().min(10),
    source: z.array(z.union([RepoSource, UrlSource])).min(1),
    /** How the row was verified against its source ("not re-checked" is a debt). */
    checked: z.string().min(8),
  })
  .strict();

export const LibraryDefaultsTableSchema = z
  .object({
    $comment: z.string(),
    version: z.number().int().positive(),
    defaults: z.array(LibraryDefaultSchema).min(1),
  })
  .strict()
  .refine((t) => new Set(t.defaults.map((d) => d.id)).size === t.defaults.length, { message: 'duplicate row id' });

export type LibraryDefault = z.infer<typeof LibraryDefaultSchema>;

let rows: readonly LibraryDefault[] | undefined;

export function libraryDefaults(): readonly LibraryDefault[] {
  return (rows ??= LibraryDefaultsTableSchema.parse(table).defaults);
}

/** A row by id; throws for an unknown id (a rule naming a row that does not exist is a build bug). */
export function libraryDefault(id: string): LibraryDefault {
  const r = libraryDefaults().find((d) => d.id === id);
  if (!r) throw new Error(`no library default "${id}"`);
  return r;
}

const patternCache = new Map<string, RegExp>();

function patternRe(p: string): RegExp {
  let re = patternCache.get(p);
  if (!re) {
    const parts = p.split('.').map((seg) => (seg === '**' ? '(?:[^.]+\\.)*' : `${seg.replace(/\*/g, '[^.]*')}\\.`));
    re = new RegExp(`^${parts.join('')}$`);
    patternCache.set(p, re);
  }
  return re;
}

/** Whether a qualified name matches a row's pattern (`trl.**.*Config` matches `trl.SFTConfig`, `trl.experimental.gkd.GKDConfig`). */
export function nameMatches(pattern: string, qname: string): boolean {
  return patternRe(pattern).test(`${qname}.`);
}

export function appliesTo(row: LibraryDefault, qname: string): boolean {
  return row.applies.some((p) => nameMatches(p, qname)) && !(row.except ?? []).some((p) => nameMatches(p, qname));
}

/** Each row's parsed range (a row's `versions` never changes; the range is shared, not to be changed). */
const rowRanges = new WeakMap<LibraryDefault, VersionRange>();

export function rowRange(row: LibraryDefault): VersionRange {
  let r = rowRanges.get(row);
  if (!r) rowRanges.set(row, (r = parseRange(row.versions) ?? ANY_VERSION));
  return r;
}

export type ResolvedDefault =
  /** The declared versions allow one value. */
  | { kind: 'known'; row: LibraryDefault }
  /** The value depends on the installed version: the rows the declared range (or no declaration) allows. */
  | { kind: 'depends'; rows: LibraryDefault[] }
  /** The table knows no default for this name and setting. */
  | { kind: 'none' };

/**
 * The rows of `setting` that apply to `qname`, in the table's order: once per process and pair (the table is
 * fixed; the language server asks the same pairs at every keystroke, each a pattern test of every row). Shared.
 */
const rowsByName = new Map<string, readonly LibraryDefault[]>();

function rowsFor(qname: string, setting: string): readonly LibraryDefault[] {
  if (keptOff()) return libraryDefaults().filter((r) => r.setting === setting && appliesTo(r, qname));
  const key = `${setting}\n${qname}`;
  let rows = rowsByName.get(key);
  if (!rows) {
    rows = libraryDefaults().filter((r) => r.setting === setting && appliesTo(r, qname));
    if (rowsByName.size > 4096) rowsByName.clear();
    rowsByName.set(key, rows);
  }
  return rows;
}

/**
 * The default of `setting` for the API `qname`, given the library's declared version range (undefined: the project
 * declares none). Rows of the same setting whose versions the range admits are candidates; one candidate (or all
 * agreeing on the value) is `known`, several values are `depends`.
 */
export function resolveDefault(qname: string, setting: string, declared?: VersionRange): ResolvedDefault {
  const all = rowsFor(qname, setting);
  if (all.length === 0) return { kind: 'none' };
  const fit = all.filter((r) => rangesIntersect(rowRange(r), declared ?? ANY_VERSION));
  const pick = fit.length > 0 ? fit : all.slice();
  const values = new Set(pick.map((r) => JSON.stringify([r.value, r.precision ?? null])));
  return values.size === 1 ? { kind: 'known', row: pick[0] } : { kind: 'depends', rows: pick };
}

/** The precision a resolved default gives, when all candidates agree on one. */
export function precisionOf(r: ResolvedDefault): Precision | undefined {
  if (r.kind === 'known') return r.row.precision;
  if (r.kind === 'depends') {
    const ps = new Set(r.rows.map((x) => x.precision));
    return ps.size === 1 ? r.rows[0].precision : undefined;
  }
  return undefined;
}

/** Of several candidate rows, the one that holds for the newest versions (no upper bound): what a fresh install gets. */
export function newestRow(rows: readonly LibraryDefault[]): LibraryDefault | undefined {
  return rows.find((r) => rowRange(r).hi === undefined);
}

/** The library a qualified name belongs to, by its top-level module (`auto_gptq.X` → `auto-gptq`). */
export function libraryOfModule(module: string): string {
  const top = module.split('.')[0];
  return MODULE_TO_DIST[top] ?? top.toLowerCase().replace(/_/g, '-');
}

/** Top-level modules whose PyPI distribution has another name. */
const MODULE_TO_DIST: Record<string, string> = {
  composer: 'mosaicml',
  pytorch_lightning: 'pytorch-lightning',
  lightning: 'lightning',
  sklearn: 'scikit-learn',
  auto_gptq: 'auto-gptq',
};
