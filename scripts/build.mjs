// Bundles the CLI into dist/cli.js: one ESM file with no runtime dependencies, so that
// `npm create django-best-practice` installs one small package and starts fast.
// The sources stay the tested truth; test/cli and test/pack run this bundle.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// Modules that generation never runs, replaced by a few lines so that they are neither shipped
// nor evaluated at start-up. Each stub throws if it is reached after all.
const stubs = {
  // yeoman-environment only constructs a FlyRepository (for installing generators from npm);
  // the real module pulls in arborist, pacote and tar and needs __dirname, which ESM lacks.
  'fly-import': `export class FlyRepository { constructor(options) { this.options = options; } }
    export const flyImport = async () => { throw new Error('fly-import is not bundled'); };`,
  // Prompts go through the prompts package before yeoman starts; the adapter gets its own promptModule.
  inquirer: `export const createPromptModule = () => { const p = async () => { throw new Error('inquirer is not bundled'); };
    p.prompts = {}; p.restoreDefaultPrompts = () => {}; return p; }; export default { createPromptModule };`,
  '@inquirer/core': `export class Separator { constructor(s) { this.type = 'separator'; this.separator = s ?? '--------'; } }
    export const createPrompt = () => { throw new Error('@inquirer/core is not bundled'); };`,
  // Only behind this.git.* in yeoman-generator; git runs through execa here.
  'simple-git': `export const simpleGit = () => { throw new Error('simple-git is not bundled'); };
    export const CheckRepoActions = {}; export const CleanOptions = {};`,
  // Only behind addDependencies() without a version (npm registry lookups).
  'latest-version': `export default async () => { throw new Error('latest-version is not bundled'); };`,
  // Only behind env.lookup(); the generator class is registered directly.
  globby: `const no = () => { throw new Error('globby is not bundled'); }; export const globby = no, globbySync = no;`,
  // Only behind adapter.progress(), which this run never calls.
  ora: `export default () => ({ isSpinning: false, suffixText: '', start() { return this; }, stop() { return this; }, succeed() { return this; } });`,
  // A fallback for generators registered without a packagePath; ours has one.
  'read-package-up': `export const readPackageUpSync = () => undefined; export const readPackageUp = async () => undefined;`,
  // The generator creates its files itself (exclusive creates, see target.ts) and declares
  // customCommitTask, so yeoman's commit pipeline and its conflicter never run.
  '@yeoman/transform': `const no = () => { throw new Error('@yeoman/transform is not bundled'); }; export const filePipeline = no, transform = no;`,
  '@yeoman/conflicter': `export {};`,
  './commit.js': `export const commitSharedFsTask = () => { throw new Error('yeoman commit is not bundled'); };`,
};

const stubPlugin = {
  name: 'stubs',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(stubs).map((k) => k.replace(/[/@.-]/g, '\\$&')).join('|')})$`);
    // './commit.js' is yeoman-environment's own module, not any relative import of that name.
    build.onResolve({ filter }, (args) =>
      args.path.startsWith('.') && !/yeoman-environment[\\/]dist/.test(args.importer) ? undefined : { path: args.path, namespace: 'stub' },
    );
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubs[args.path], loader: 'js' }));
  },
};

// Once bundled, yeoman would read *our* package.json for its own version (and then refuse to run),
// and yeoman-generator would ship all of lodash for `this._`, which nothing here uses.
const versionOf = async (file) => JSON.parse(await readFile(new URL('../package.json', `file://${file}`), 'utf8')).version;
const patches = [
  {
    file: /yeoman-generator[\\/]dist[\\/]generator\.js$/,
    from: `JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))`,
    to: async (file) => JSON.stringify({ version: await versionOf(file) }),
  },
  {
    file: /yeoman-environment[\\/]dist[\\/]environment-base\.js$/,
    from: `require('../package.json').version`,
    to: async (file) => JSON.stringify(await versionOf(file)),
  },
  { file: /yeoman-generator[\\/]dist[\\/]generator\.js$/, from: '    _ = _;', to: async () => '    _ = undefined;' },
];

const patchPlugin = {
  name: 'patches',
  setup(build) {
    build.onLoad({ filter: /(yeoman-generator|yeoman-environment)[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const mine = patches.filter((patch) => patch.file.test(args.path));
      if (mine.length === 0) return undefined;
      let source = await readFile(args.path, 'utf8');
      for (const patch of mine) {
        // Fails loudly after a yeoman upgrade changes the text: re-check the patch then.
        if (!source.includes(patch.from)) throw new Error(`patch target not found in ${args.path}: ${patch.from}`);
        source = source.replace(patch.from, await patch.to(args.path));
      }
      return { contents: source, loader: 'js' };
    });
  },
};

export async function build({ outfile = `${root}dist/cli.js`, minify = true } = {}) {
  const result = await esbuild.build({
    entryPoints: [`${root}generators/cli.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.17',
    minify,
    treeShaking: true,
    legalComments: 'none',
    metafile: true,
    // CommonJS dependencies (ejs, debug, ...) call require(); ESM output needs a real one.
    banner: {
      js: "import { createRequire as __cdbpRequire } from 'node:module'; const require = __cdbpRequire(import.meta.url);",
    },
    // prompts/index.js picks ./dist or ./lib at run time, which would bundle both copies.
    alias: { prompts: 'prompts/lib/index.js', 'lodash-es': `${root}scripts/lodash-lite.mjs` },
    plugins: [stubPlugin, patchPlugin],
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs)[0].bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await build();
  console.error(`dist/cli.js: ${(bytes / 1024).toFixed(0)} KiB`);
}
