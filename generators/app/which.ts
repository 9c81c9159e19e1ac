import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Every `command` on PATH, in PATH order (like `which -a`, without checking the execute bit). */
export function onPath(command: string): string[] {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && existsSync(join(dir, command)))
    .map((dir) => join(dir, command));
}
