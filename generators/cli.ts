#!/usr/bin/env node
/**
 * create-django-best-practice [dir] [options]
 *
 * One flow from argv to files: parse the flags the schema defines, ask for what is missing (only on
 * a terminal, without --yes), resolve and validate everything, then let the yeoman generator write.
 */
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { type Given, resolveAnswers } from './app/answers.js';
import { CancelledError, UsageError } from './app/errors.js';
import { displayName, projectNames } from './app/names.js';
import { planProject, type ProjectPlan } from './app/plan.js';
import { detectPythons, type PythonInstall } from './app/python.js';
import { generatorVersion, packageRoot } from './app/render.js';
import {
  applies,
  conflictOf,
  DEFAULT_PRESET,
  FEATURE_KEYS,
  type FeatureKey,
  features,
  flagFor,
  flagOf,
  PRESETS,
  presetValues,
  runDefaults,
  runOptions,
  type RunOptions,
  valuesOf,
} from './app/schema.js';
import { checkTarget } from './app/target.js';

const DEFAULT_DIRECTORY = 'django-project';

/** Colours for one stream: NO_COLOR, then FORCE_COLOR, decide; otherwise whether that stream is a terminal. */
function colorsFor(stream: NodeJS.WriteStream): Colors {
  const { NO_COLOR, FORCE_COLOR, TERM } = process.env;
  if (NO_COLOR) return pc.createColors(false);
  if (FORCE_COLOR !== undefined) return pc.createColors(FORCE_COLOR !== '0' && FORCE_COLOR !== 'false');
  return pc.createColors(Boolean(stream.isTTY) && TERM !== 'dumb');
}

const out = colorsFor(process.stdout);
const err = colorsFor(process.stderr);

function buildProgram(): Command {
  const program = new Command('create-django-best-practice')
    .usage('[dir] [options]')
    .description('Generate a ready, modern Django project.')
    .argument('[dir]', `target directory; its name gives the Python package (default: ${DEFAULT_DIRECTORY})`)
    .version(generatorVersion, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    // The descriptions already list the values.
    .configureHelp({ optionDescription: (option) => option.description });

  const presetHelp = PRESETS.join(', ');
  program.addOption(
    new Option('--preset <preset>', `starting point: ${presetHelp}; explicit flags override it`).choices(PRESETS),
  );
  program.addOption(new Option('--name <name>', 'display name (default: from the directory name)'));
  for (const key of FEATURE_KEYS) {
    const spec = features[key];
    if (spec.kind === 'boolean') {
      program.addOption(new Option(flagOf(key), spec.help));
      program.addOption(new Option(`--no-${key}`, `leave ${key} out`));
    } else {
      program.addOption(new Option(`${flagOf(key)} <value>`, `${spec.help}: ${spec.choices.join(', ')}`).choices(spec.choices));
    }
  }
  for (const [key, spec] of Object.entries(runOptions)) {
    const long = flagOf(key);
    program.addOption(new Option('short' in spec ? `-${spec.short}, ${long}` : long, spec.help));
    if ('negatable' in spec) program.addOption(new Option(`--no-${key}`, spec.negatable));
  }
  program.addHelpText(
    'after',
    [
      '',
      'Presets:',
      ...PRESETS.map((preset) => {
        const values = presetValues(preset);
        const on = FEATURE_KEYS.filter((key) => key in values && applies(key, values)).map((key) => flagFor(key, values[key]));
        return `  ${preset.padEnd(8)} ${on.join(' ')}`;
      }),
      '',
      'Through npm, flags go after "--":',
      '  npm create django-best-practice@latest my-shop -- --preset minimal --yes',
      '',
      'Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled (Ctrl-C), 143 terminated, 129 hung up.',
    ].join('\n'),
  );
  return program;
}

interface Parsed {
  directory?: string;
  name?: string;
  given: Given;
  /** The keys of `given` answered at a prompt rather than by a flag. */
  prompted: Set<FeatureKey>;
  run: RunOptions;
}

function parse(argv: string[]): Parsed {
  const program = buildProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) process.exit(0);
      throw new UsageError(`${error.message.replace(/^error: /, '')}\nRun with --help to see every option.`);
    }
    throw error;
  }
  const opts = program.opts<Record<string, unknown>>();
  const given: Given = {};
  for (const key of ['preset', ...FEATURE_KEYS] as const) {
    if (opts[key] !== undefined) Object.assign(given, { [key]: opts[key] });
  }
  const run = runDefaults();
  for (const key of Object.keys(run) as (keyof RunOptions)[]) {
    if (typeof opts[key] === 'boolean') run[key] = opts[key];
  }
  return { directory: program.args[0], name: opts.name as string | undefined, given, prompted: new Set(), run };
}

/** For a prompt's `validate`: true, or the first line of the error `check` throws (the answer is then asked again). */
function problemOf(check: () => unknown): true | string {
  try {
    check();
    return true;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

/** Asks for what no flag gave, one question at a time so that each default reflects earlier answers. */
async function ask(parsed: Parsed, pythons: PythonInstall[]): Promise<Parsed> {
  const { default: prompts } = await import('prompts');
  type PromptObject = import('prompts').PromptObject;
  const onCancel = (): never => {
    throw new CancelledError();
  };
  const one = async <T>(question: Omit<PromptObject, 'name'>): Promise<T> =>
    ((await prompts({ ...question, name: 'value' } as PromptObject, { onCancel })) as { value: T }).value;

  const directory =
    parsed.directory ??
    (await one<string>({
      type: 'text',
      message: 'Project directory',
      initial: DEFAULT_DIRECTORY,
      validate: (value: string) => problemOf(() => checkTarget(projectNames(value, undefined).directory, parsed.run.force)),
    }));
  const name =
    parsed.name ??
    (await one<string>({
      type: 'text',
      message: 'Display name',
      initial: displayName(directory.split('/').pop()!),
      validate: (value: string) => problemOf(() => projectNames(directory, value, process.cwd(), 'The display name')),
    }));
  const names = projectNames(directory, name);
  const given: Given = { ...parsed.given };
  const prompted = new Set<FeatureKey>();
  if (given.preset === undefined) {
    given.preset = await one({
      type: 'select',
      message: 'Preset',
      choices: PRESETS.map((p) => ({ title: p, value: p })),
      initial: PRESETS.indexOf(DEFAULT_PRESET),
    });
  }
  for (const key of FEATURE_KEYS) {
    if (given[key] !== undefined) continue;
    const current = resolveAnswers(given, names, pythons).answers;
    if (!applies(key, current)) continue;
    const possible = valuesOf(key).filter((value) => !conflictOf(key, { ...current, [key]: value }));
    // Only interpreters that run here; all of them, marked missing, when none does.
    const installed = key === 'python' ? possible.filter((value) => pythons.some((p) => p.version === value)) : [];
    const values = installed.length > 0 ? installed : possible;
    if (values.length < 2) continue;
    const spec = features[key];
    const describe: Partial<Record<string, string>> | undefined = 'describe' in spec ? spec.describe : undefined;
    const hint = (value: unknown): string | undefined => {
      if (key === 'python') return pythons.find((p) => p.version === value)?.path ?? 'not installed here';
      return describe?.[String(value)];
    };
    const value =
      spec.kind === 'boolean'
        ? await one<boolean>({ type: 'toggle', message: spec.question, initial: current[key] as boolean, active: 'yes', inactive: 'no' })
        : await one<string>({
            type: 'select',
            message: spec.question,
            choices: values.map((v) => ({ title: String(v), value: v, description: hint(v) })),
            initial: Math.max(0, values.indexOf(current[key])),
          });
    if (key === 'python' && installed.length === 0) {
      const proceed = await one<boolean>({
        type: 'confirm',
        message: `No supported CPython runs here: Python ${String(value)} is missing. Generate anyway, and install it before \`make setup\`?`,
        initial: true,
      });
      if (!proceed) throw new CancelledError();
    }
    Object.assign(given, { [key]: value });
    prompted.add(key);
  }
  return { ...parsed, directory, name, given, prompted };
}

function printPlan(plan: ProjectPlan): void {
  const { answers } = plan;
  console.log(out.bold(`Answers for ${plan.relativeDirectory}:`));
  for (const [key, value] of Object.entries(answers)) console.log(`  ${key.padEnd(11)} ${String(value)}`);
  console.log(out.bold('\nFiles it would write:'));
  for (const path of plan.files.write.keys()) console.log(`  ${path}`);
  if (plan.files.skipped.length > 0) {
    console.log(out.bold('\nExisting files it would keep (not overwritten):'));
    for (const path of plan.files.skipped) console.log(`  ${path}`);
  }
  console.log(`\n${plan.files.write.size} files; nothing was written (--dry-run).`);
}

/** Yeoman and the generator: loaded only by a run that writes, while the Python probes are under way. */
function loadGenerator() {
  return Promise.all([import('yeoman-environment'), import('@yeoman/adapter'), import('./app/index.js')]);
}

/** Writes the project and runs its steps; resolves to the exit code. */
async function generate(plan: ProjectPlan, run: RunOptions, modules: ReturnType<typeof loadGenerator>): Promise<number> {
  const [{ EnvironmentBase }, { QueuedAdapter }, { default: AppGenerator }] = await modules;
  const adapter = new QueuedAdapter({
    // Progress goes to stdout like the rest of the CLI's output.
    stdout: process.stdout,
    // Yeoman itself never needs to ask: existing files are kept before it runs (see target.ts).
    promptModule: (async () => ({})) as unknown as NonNullable<ConstructorParameters<typeof QueuedAdapter>[0]>['promptModule'],
  });
  const env = new EnvironmentBase({ adapter, skipInstall: true });
  const namespace = 'django-best-practice:app';
  env.register(AppGenerator, { namespace, resolved: fileURLToPath(import.meta.url), packagePath: packageRoot });
  const generator = await env.create<InstanceType<typeof AppGenerator>>(namespace, {
    generatorOptions: { skipInstall: true, plan, run },
  });
  try {
    await env.runGenerator(generator);
    return generator.exitCode;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${generator.rollback()}`, { cause: error });
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    let parsed = parse(argv);
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !parsed.run.yes;
    // Always probed (about 40 ms): the reasons printed below say whether the chosen Python is here.
    const probing = detectPythons();
    const modules = parsed.run.dryRun ? undefined : loadGenerator();
    const pythons = await probing;
    if (interactive) parsed = await ask(parsed, pythons);
    const directory = parsed.directory ?? DEFAULT_DIRECTORY;
    parsed = { ...parsed, directory };
    const plan = planProject({
      directory,
      name: parsed.name,
      given: parsed.given,
      prompted: parsed.prompted,
      pythons,
      force: parsed.run.force,
      cwd: process.cwd(),
      interactive,
    });
    for (const reason of plan.reasons) console.log(out.dim(reason));
    if (parsed.run.dryRun) {
      printPlan(plan);
      return 0;
    }
    return await generate(plan, parsed.run, modules ?? loadGenerator());
  } catch (error) {
    const code = error instanceof UsageError || error instanceof CancelledError ? error.exitCode : 1;
    console.error(err.red(code === 2 ? `Error: ${(error as Error).message}` : (error as Error).message));
    return code;
  }
}

// Output is a courtesy: a closed pipe (`| head -1`) or terminal must neither crash the run nor skip its cleanup.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
process.exitCode = await main(process.argv.slice(2));
