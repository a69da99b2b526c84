// Version ranges, as Python projects write them: PEP 440 specifier sets (`>=4.51,<5`, `~=0.19.0`, `==4.*`), Poetry
// (`^4.52.4`, `~1.2`, a bare `1.2.3`) and conda (`pytorch=1.9.0`, one `=`: a prefix match). A range is one interval
// (a conjunction of clauses can only narrow it); `!=` excludes a single point and is ignored unless the interval is
// that point. Pre-, post- and dev-releases compare by their release numbers only: the question asked here is
// "which major line can be installed", not PEP 440's full order.

export type Version = readonly number[];

export interface Bound {
  v: Version;
  inclusive: boolean;
}

/** A version interval; an absent bound is unbounded. */
export interface VersionRange {
  lo?: Bound;
  hi?: Bound;
  /** The text it was read from (for messages). */
  text: string;
}

export const ANY_VERSION: VersionRange = { text: '' };

/** `4.51.0`, `v4.51`, `0.19.0rc1`, `2.7.0+cu121` → release numbers; undefined when it is not a version. */
export function parseVersion(s: string): Version | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)(?:[._-]?(?:a|b|c|rc|alpha|beta|pre|preview|post|rev|r|dev)[._-]?\d*)*(?:\+[a-z0-9.]+)?\s*$/i.exec(s);
  if (!m) return undefined;
  return m[1].split('.').map((x) => Number(x));
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function formatVersion(v: Version): string {
  return v.join('.');
}

/** The first version after every version that starts with `prefix` (`4.5` → `4.6`, `4` → `5`). */
function nextPrefix(prefix: Version): Version {
  const out = [...prefix];
  out[out.length - 1] += 1;
  return out;
}

function tighterLo(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive && b.inclusive ? a : { v: a.v, inclusive: false };
}

function tighterHi(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive && b.inclusive ? a : { v: a.v, inclusive: false };
}

/**
 * Reads a specifier set (`>=4.51.3,!=4.52.0,<=5.5.0`, `^4.52.4`, `==4.*`, `1.9.0`, `*`, or empty: any version).
 * Undefined when a clause cannot be read (a URL, an environment marker alone, garbage).
 */
export function parseRange(spec: string): VersionRange | undefined {
  const text = spec.trim();
  let r: VersionRange = { text };
  if (text === '' || text === '*') return r;
  for (const raw of text.split(',')) {
    const clause = raw.trim();
    if (clause === '' || clause === '*') continue;
    const m = /^(===|==|!=|~=|>=|<=|>|<|\^|~|=)?\s*(.+)$/.exec(clause);
    if (!m) return undefined;
    const op = m[1] ?? '==';
    const wild = m[2].endsWith('.*');
    const v = parseVersion(wild ? m[2].slice(0, -2) : m[2]);
    if (!v) return undefined;
    const lo = (b: Bound) => (r = { ...r, lo: tighterLo(r.lo, b) });
    const hi = (b: Bound) => (r = { ...r, hi: tighterHi(r.hi, b) });
    switch (op) {
      case '==':
      case '===':
      case '=':
        if (wild || op === '=') {
          // `==4.*` and conda's `=1.9` match a prefix
          lo({ v, inclusive: true });
          hi({ v: nextPrefix(v), inclusive: false });
        } else {
          lo({ v, inclusive: true });
          hi({ v, inclusive: true });
        }
        break;
      case '!=':
        break;
      case '>=':
        lo({ v, inclusive: true });
        break;
      case '>':
        lo({ v, inclusive: false });
        break;
      case '<=':
        hi({ v, inclusive: true });
        break;
      case '<':
        hi({ v, inclusive: false });
        break;
      case '~=': {
        // ~=X.Y.Z means >=X.Y.Z, ==X.Y.*; a single number is not allowed by PEP 440, read as >=X
        lo({ v, inclusive: true });
        if (v.length >= 2) hi({ v: nextPrefix(v.slice(0, -1)), inclusive: false });
        break;
      }
      case '^': {
        // Poetry: the first non-zero number may not change
        lo({ v, inclusive: true });
        const i = v.findIndex((x) => x !== 0);
        const keep = i < 0 ? v.length : i + 1;
        hi({ v: nextPrefix(v.slice(0, Math.min(keep, v.length))), inclusive: false });
        break;
      }
      case '~': {
        // Poetry: ~1.2.3 and ~1.2 mean <1.3; ~1 means <2
        lo({ v, inclusive: true });
        hi({ v: nextPrefix(v.slice(0, Math.min(2, v.length))), inclusive: false });
        break;
      }
    }
  }
  return r;
}

/** The versions two ranges share (an empty interval when they share none: check with `rangesIntersect`). */
export function intersectRanges(a: VersionRange, b: VersionRange): VersionRange {
  return {
    lo: a.lo && b.lo ? tighterLo(a.lo, b.lo) : (a.lo ?? b.lo),
    hi: a.hi && b.hi ? tighterHi(a.hi, b.hi) : (a.hi ?? b.hi),
    text: [a.text, b.text].filter((t) => t).join(','),
  };
}

/** Whether two ranges share at least one version. */
export function rangesIntersect(a: VersionRange, b: VersionRange): boolean {
  const lo = a.lo && b.lo ? tighterLo(a.lo, b.lo) : (a.lo ?? b.lo);
  const hi = a.hi && b.hi ? tighterHi(a.hi, b.hi) : (a.hi ?? b.hi);
  if (!lo || !hi) return true;
  const c = compareVersions(lo.v, hi.v);
  return c < 0 || (c === 0 && lo.inclusive && hi.inclusive);
}

/** Whether every version of `inner` lies in `outer`. */
export function rangeWithin(inner: VersionRange, outer: VersionRange): boolean {
  if (outer.lo) {
    if (!inner.lo) return false;
    const c = compareVersions(inner.lo.v, outer.lo.v);
    if (c < 0 || (c === 0 && inner.lo.inclusive && !outer.lo.inclusive)) return false;
  }
  if (outer.hi) {
    if (!inner.hi) return false;
    const c = compareVersions(inner.hi.v, outer.hi.v);
    if (c > 0 || (c === 0 && inner.hi.inclusive && !outer.hi.inclusive)) return false;
  }
  return true;
}

export function versionInRange(v: Version, r: VersionRange): boolean {
  return rangeWithin({ lo: { v, inclusive: true }, hi: { v, inclusive: true }, text: formatVersion(v) }, r);
}
