import { build } from '../scripts/build.mjs';

/** The CLI tests spawn the bundle users run, so it is rebuilt from the sources first. */
export default async function setup(): Promise<void> {
  await build();
}
