import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './errors.js';

export interface Command {
  usage: string;
  summary: string;
  help?: string;
  run(args: string[]): Promise<number>;
}

/** node:util parseArgs, with unknown options reported as a one-line user error. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UserError(e instanceof Error ? e.message : String(e), 2);
  }
}

export const dbOption = { db: { type: 'string' } } as const;
export const jsonOption = { json: { type: 'boolean', default: false } } as const;
