// The package version, read from the package.json above the running file (out/src/cli, dist/ or out/src/server).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package version, from the package.json above this file (out/src/cli or dist). */
export function packageVersion(): string {
  let d = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = join(d, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'wattlint' && pkg.version) return pkg.version;
      } catch {
        // keep looking
      }
    }
    d = dirname(d);
  }
  return '0.0.0';
}
