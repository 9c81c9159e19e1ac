import { relative } from 'node:path';
import { type Given, oneShotCommand, resolveAnswers } from './answers.js';
import { displayName, projectNames } from './names.js';
import type { PythonInstall } from './python.js';
import { generatorVersion, renderProject, templateContext } from './render.js';
import type { Answers, FeatureKey } from './schema.js';
import { checkTarget, type FilePlan, planFiles, type TargetState } from './target.js';

export interface ProjectPlan {
  directory: string;
  /** How the user reaches it from where they ran the command (for "cd ..."). */
  relativeDirectory: string;
  answers: Answers;
  /** Why Python and Django were chosen. */
  reasons: string[];
  /** The command that generates the same project without prompts. */
  command: string;
  /** The same command, when the answers came from prompts (printed at the end). */
  interactiveCommand?: string;
  files: FilePlan;
  /** The target as checked before anything was rendered. */
  target: TargetState;
  /** The interpreter for the install step, when one was found here. */
  python?: PythonInstall;
  /** How long resolving and rendering took. */
  renderSeconds: number;
}

export interface PlanInput {
  directory: string;
  name?: string;
  given: Given;
  pythons: readonly PythonInstall[];
  force: boolean;
  cwd: string;
  interactive: boolean;
  /** The keys whose value came from a prompt. */
  prompted?: ReadonlySet<FeatureKey>;
}

/** The key yeoman reads a generator's saved answers from in `.yo-rc.json`. */
export const YO_RC_KEY = 'create-django-best-practice';

/** Checks the target, resolves the answers and renders every file in memory; nothing is written. */
export function planProject(input: PlanInput): ProjectPlan {
  const started = performance.now();
  const names = projectNames(input.directory, input.name, input.cwd);
  const target = checkTarget(names.directory, input.force);
  const { answers, reasons } = resolveAnswers(input.given, names, input.pythons, input.prompted);
  const relativeDirectory = relative(input.cwd, names.directory) || '.';
  const command = oneShotCommand(answers, relativeDirectory, displayName(names.directory.split('/').pop() ?? ''), generatorVersion);
  const rendered = renderProject(templateContext(answers, command));
  const yoRc = { [YO_RC_KEY]: { version: generatorVersion, command, answers } };
  rendered.set('.yo-rc.json', `${JSON.stringify(yoRc, null, 2)}\n`);
  return {
    directory: names.directory,
    relativeDirectory,
    answers,
    reasons,
    command,
    interactiveCommand: input.interactive ? command : undefined,
    files: planFiles(names.directory, rendered),
    target,
    python: input.pythons.find((p) => p.version === answers.python),
    renderSeconds: (performance.now() - started) / 1000,
  };
}
