/** Bundles generators/cli.ts into dist/cli.js; resolves to the bundle's size in bytes. */
export function build(options?: { outfile?: string; minify?: boolean }): Promise<number>;
