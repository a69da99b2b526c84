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

/**
 * Text for a terminal: control characters (ANSI escapes in a file name, a carriage return) shown as `\xNN`, so no
 * file name or message can move the cursor, recolour or rewrite the output. Newlines and tabs are kept.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
