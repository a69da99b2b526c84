// Every read and write of a user's file goes through here (CLI walk, referenced configs, `fix`, the editor's
// disk reader), so one place enforces the policy (docs/fixes.md, "What Wattlint reads and writes"):
// - only regular files are read: a FIFO, a device (`/dev/zero`), a socket or a folder is refused before a byte
//   is read, and the size cap is checked on the open file before reading (a file that grows is cut off and
//   refused, never buffered without bound);
// - a path is read only when its real location (symbolic links resolved) lies inside one of the allowed roots;
// - text is UTF-8: a UTF-16 or binary file is refused with a reason; a file that is not valid UTF-8 is decoded
//   with replacement characters for scanning but marked `lossless: false`, and `fix` never writes it;
// - a write goes only to a regular file inside the roots that is not itself a symbolic link, replaces the file
//   atomically (temp file + rename, mode kept) and only if the bytes on disk are still the ones that were read.
// Messages name the path and the reason, never the bytes read. Synchronous and free of shared state, so a
// worker thread can call it.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type TextEncoding = 'utf8' | 'latin1';

export type RefusalKind = 'missing' | 'not-regular' | 'too-large' | 'outside-root' | 'encoding' | 'io';

export type ReadResult =
  | {
      ok: true;
      /** The decoded text (without a UTF-8 byte-order mark). */
      text: string;
      /** The bytes on disk, as read. */
      bytes: Buffer;
      /** The file starts with a UTF-8 byte-order mark (kept when the file is written back). */
      bom: boolean;
      /** `latin1`: a Python file that declares a Latin-1 encoding (PEP 263), decoded and written back byte for byte. */
      encoding: TextEncoding;
      /** Encoding `text` gives the bytes back exactly; false: invalid UTF-8 was decoded with replacement characters. */
      lossless: boolean;
    }
  | { ok: false; kind: RefusalKind; reason: string };

export interface ReadOptions {
  maxBytes: number;
  /** Absolute folders (or files) the real path must lie inside; none: no containment check. */
  roots?: readonly string[];
  /** The roots are real paths already (`realRoots`, once per scan), not resolved again for each read. */
  rootsReal?: boolean;
}

/** Whether `p` is `dir` or lies below it (both absolute, already resolved). */
export function isInside(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/** The real paths of the roots (a root that does not exist is kept as written). */
export function realRoots(roots: readonly string[]): string[] {
  return roots.map((r) => {
    try {
      return realpathSync.native(r);
    } catch {
      return resolve(r);
    }
  });
}

function insideAny(roots: readonly string[] | undefined, p: string): boolean {
  return !roots || roots.some((r) => isInside(r, p));
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'error';
}

const IO_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a loop of symbolic links',
  EISDIR: 'a folder, not a file',
  ENAMETOOLONG: 'the path is too long',
  ENOTDIR: 'a path component is not a folder',
};

function ioRefusal(e: unknown): ReadResult {
  const c = code(e);
  return { ok: false, kind: c === 'ENOENT' || c === 'ENOTDIR' ? 'missing' : 'io', reason: IO_REASONS[c] ?? `could not read the file (${c})` };
}

function sizeReason(maxBytes: number): string {
  return `larger than the ${Math.round(maxBytes / 1024)} KB size limit (raise \`max-file-size-kb\` in wattlint.toml to read it)`;
}

/** Opening flags: never block on a FIFO, never follow a symbolic link in the last component (where supported). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** The real path of `abs`, if it lies inside the roots; else the refusal. */
export function containedRealPath(abs: string, roots: readonly string[] | undefined): { real: string } | { refusal: ReadResult } {
  let real: string;
  try {
    // the system's realpath(3): one call, where the JS version lstat()s every component of the path
    real = realpathSync.native(abs);
  } catch (e) {
    return { refusal: ioRefusal(e) };
  }
  if (!insideAny(roots, real)) {
    let link = false;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch {
      link = false;
    }
    return {
      refusal: {
        ok: false,
        kind: 'outside-root',
        reason: link ? 'a symbolic link to a file outside the scanned folder; not read' : 'outside the scanned folder; not read',
      },
    };
  }
  return { real };
}

/** Reads a text file under the policy above. Never throws, never blocks on special files. */
export function readTextFile(abs: string, opts: ReadOptions): ReadResult {
  const roots = opts.roots && !opts.rootsReal ? realRoots(opts.roots) : opts.roots;
  const where = containedRealPath(abs, roots);
  if ('refusal' in where) return where.refusal;
  let fd: number;
  try {
    fd = openSync(where.real, OPEN_FLAGS);
  } catch (e) {
    return ioRefusal(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
      return { ok: false, kind: 'not-regular', reason: `${what}, not a regular file; not read` };
    }
    if (st.size > opts.maxBytes) return { ok: false, kind: 'too-large', reason: sizeReason(opts.maxBytes) };
    // Read at most maxBytes + 1: a file that grew past the cap since fstat is refused, not buffered.
    const cap = opts.maxBytes + 1;
    const buf = Buffer.allocUnsafe(Math.min(cap, Math.max(st.size + 1, 1)));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > opts.maxBytes) return { ok: false, kind: 'too-large', reason: sizeReason(opts.maxBytes) };
    return decodeText(buf.subarray(0, n), abs.toLowerCase().endsWith('.py'));
  } catch (e) {
    return ioRefusal(e);
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Whether the bytes look like UTF-16 without a byte-order mark: many NULs at alternate positions. */
function looksUtf16(b: Buffer): boolean {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd > half * 0.4 && even < half * 0.05) || (even > half * 0.4 && odd < half * 0.05);
}

// PEP 263: `# -*- coding: latin-1 -*-` on the first or second line. Only the Latin-1 spellings are honoured, the
// one single-byte encoding Node decodes and encodes losslessly (every byte is one character).
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'iso_8859_1', 'iso-8859-1-unix', 'l1', 'cp819']);

/** The encoding a Python source declares on its first two lines (lower case), if any. */
export function declaredEncoding(bytes: Buffer): string | undefined {
  let end = bytes.indexOf(0x0a);
  const first = bytes.subarray(0, end < 0 ? Math.min(bytes.length, 400) : end).toString('latin1');
  const m1 = CODING.exec(first);
  if (m1) return m1[1].toLowerCase();
  if (end < 0 || !/^[ \t\f]*(#.*)?\r?$/.test(first)) return undefined; // the second line counts only after a comment or blank line
  const start = end + 1;
  end = bytes.indexOf(0x0a, start);
  const m2 = CODING.exec(bytes.subarray(start, end < 0 ? Math.min(bytes.length, start + 400) : end).toString('latin1'));
  return m2 ? m2[1].toLowerCase() : undefined;
}

/** Decodes file bytes as UTF-8 text (Latin-1 for a Python file that declares it), refusing UTF-16 and binary content. */
export function decodeText(bytes: Buffer, python = false): ReadResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, kind: 'encoding', reason: 'UTF-16 encoded; Wattlint reads UTF-8 text (convert the file to UTF-8 to scan it)' };
  }
  if (looksUtf16(bytes)) {
    return { ok: false, kind: 'encoding', reason: 'looks UTF-16 encoded (no byte-order mark); Wattlint reads UTF-8 text' };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (body.indexOf(0) >= 0) return { ok: false, kind: 'encoding', reason: 'binary content (NUL bytes), not a text file' };
  if (python && !bom) {
    const enc = declaredEncoding(bytes);
    if (enc && LATIN1.has(enc.replace(/_/g, '-')) ) return { ok: true, text: bytes.toString('latin1'), bytes, bom, encoding: 'latin1', lossless: true };
  }
  try {
    return { ok: true, text: utf8.decode(body), bytes, bom, encoding: 'utf8', lossless: true };
  } catch {
    return { ok: true, text: utf8Lossy.decode(body), bytes, bom, encoding: 'utf8', lossless: false };
  }
}

/** The byte offset of the first invalid UTF-8 sequence (for messages), or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    if (len === 3 && ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f))) return i;
    if (len === 4 && ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f))) return i;
    i += len;
  }
  return -1;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The bytes a text is written as: its encoding, with the byte-order mark the file had; undefined if a character does not fit. */
export function encodeText(text: string, bom: boolean, encoding: TextEncoding = 'utf8'): Buffer | undefined {
  if (encoding === 'latin1') {
    // eslint-disable-next-line no-control-regex
    if (/[^\u0000-\u00ff]/.test(text)) return undefined;
    return Buffer.from(text, 'latin1');
  }
  if (LONE_SURROGATE.test(text)) return undefined; // UTF-8 cannot carry it: it would be written as U+FFFD
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export type WriteResult = { ok: true } | { ok: false; reason: string };

export interface WriteOptions {
  /** Folders the file must lie inside (real paths compared). */
  roots: readonly string[];
  /** The bytes the fixed text was computed from: the write is refused if the file no longer holds them. */
  expected: Buffer;
  maxBytes: number;
}

/**
 * Replaces a file's content with `bytes`, under the policy above: never through a symbolic link, never outside the
 * roots, never over content that changed since it was read. Atomic (a temp file renamed over the original, mode
 * kept) unless the file has other hard links, which an in-place write keeps.
 */
export function writeFileInRoot(abs: string, bytes: Buffer, opts: WriteOptions): WriteResult {
  let lst;
  try {
    lst = lstatSync(abs);
  } catch (e) {
    return { ok: false, reason: IO_REASONS[code(e)] ?? `could not check the file (${code(e)})` };
  }
  if (lst.isSymbolicLink()) return { ok: false, reason: 'a symbolic link; Wattlint does not write through links (fix the file it points to directly)' };
  if (!lst.isFile()) return { ok: false, reason: 'not a regular file' };
  const roots = realRoots(opts.roots);
  const where = containedRealPath(abs, roots);
  if ('refusal' in where) return { ok: false, reason: where.refusal.ok ? 'outside the scanned folder' : where.refusal.reason.replace('; not read', '; not written') };
  const now = readTextFile(where.real, { maxBytes: Math.max(opts.maxBytes, opts.expected.length) });
  if (!now.ok || !now.bytes.equals(opts.expected)) return { ok: false, reason: 'the file changed on disk while it was being fixed; not written (run `wattlint fix` again)' };
  try {
    if (lst.nlink > 1) {
      writeFileSync(where.real, bytes);
      return { ok: true };
    }
    const tmp = join(dirname(where.real), `.${basename(where.real)}.wattlint-${process.pid}.tmp`);
    try {
      writeFileSync(tmp, bytes, { flag: 'wx', mode: lst.mode & 0o7777 });
      chmodSync(tmp, statSync(where.real).mode & 0o7777);
      renameSync(tmp, where.real);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing left behind
      }
      throw e;
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: IO_REASONS[code(e)] ?? `could not write the file (${code(e)})` };
  }
}
