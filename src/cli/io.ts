// Where the CLI writes and which folder it runs in: the process by default, captured buffers in tests.
import { relative } from 'node:path';
import { toPosix } from './files';

export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  get cwd() {
    return process.cwd();
  },
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** A path as the output shows it: relative to the current folder, forward slashes. */
export function shownPath(io: CliIo, abs: string): string {
  return toPosix(relative(io.cwd, abs)) || '.';
}

/** A usage or setup error: the CLI prints it and exits with 2. */
export class CliError extends Error {}
