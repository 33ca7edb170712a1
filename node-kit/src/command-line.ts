import { parseArgs } from 'node:util';

type OptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export type CommandLineProblem = 'unknown-option' | 'missing-value' | 'unexpected-value';

/** A mistake on the command line, worded for the person who typed it. */
export class CommandLineError extends Error {
  constructor(
    readonly problem: CommandLineProblem,
    /** As typed: `--bogus`, `-x`. */
    readonly option: string,
  ) {
    super(problem === 'unknown-option' ? `unknown option ${option}` : problem === 'missing-value' ? `${option} needs a value` : `${option} takes no value`);
  }
}

/**
 * node:util parseArgs, strict, with positionals, plus the short error messages our CLIs print
 * ("unknown option --bogus", "--server needs a value") instead of Node's longer ones. An empty
 * value (`--server=`) counts as missing. `--` ends the options: what follows is positional.
 */
export function parseCommandLine<O extends OptionsConfig>(args: readonly string[], options: O): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw translate(error);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.includes('')) throw new CommandLineError('missing-value', `--${name}`);
  }
  return parsed;
}

/** Node's errors carry a stable code; the option is the first quoted -x/--name in the message. */
function translate(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const option = /'(--?[^'\s=]+)/.exec((error as Error).message ?? '')?.[1];
  if (option === undefined) return error;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new CommandLineError('unknown-option', option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new CommandLineError(/does not take an argument/.test((error as Error).message) ? 'unexpected-value' : 'missing-value', option);
  }
  return error;
}
