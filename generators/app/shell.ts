/** Characters a POSIX shell never treats specially in a word. */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** `my shop` -> `'my shop'`; `it's` -> `'it'\''s'`; plain words stay as they are. */
export function shellQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line to copy and paste: every word quoted as needed. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** `cd` to a directory, safe for names that start with `-` too. */
export function cdCommand(directory: string): string {
  return directory.startsWith('-') ? `cd -- ${shellQuote(directory)}` : `cd ${shellQuote(directory)}`;
}
