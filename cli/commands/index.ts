import type { Command } from '../command.js';
import { importCommand, undoCommand } from './import.js';
import { statusCommand, kpisCommand } from './status.js';
import { serveCommand } from './serve.js';
import { sampleCommand } from './sample.js';

export const commands: Record<string, Command> = {
  import: importCommand,
  undo: undoCommand,
  status: statusCommand,
  kpis: kpisCommand,
  serve: serveCommand,
  sample: sampleCommand,
};
