// A small RFC 4180 CSV reader for the copied reference tables in bench/data (quoted fields, commas, newlines).
import * as fs from 'fs';
import * as path from 'path';

export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** bench/data/<name>, found from the compiled location (out/bench/accuracy) or the source tree. */
export function readDataFile(name: string): string {
  for (const dir of [path.join(__dirname, '..', '..', '..', 'bench', 'data'), path.join(__dirname, '..', 'data')]) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
  }
  throw new Error(`bench/data/${name} not found`);
}

/** A leading number in a cell ("245760 (derived: ...)" → 245760, "2048 (paper text)" → 2048); NaN if none. */
export function leadingNumber(cell: string): number {
  const m = /^\s*~?([0-9][0-9,]*(?:\.[0-9]+)?(?:e[0-9]+)?)/i.exec(cell);
  return m ? Number(m[1].replace(/,/g, '')) : NaN;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
