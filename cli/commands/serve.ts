import type { Command } from '../command.js';
import { UserError } from '../errors.js';

export const serveCommand: Command = {
  usage: 'serve [--db PATH] [--port N]',
  summary: 'serve the app on http://127.0.0.1 (for a browser)',
  async run() {
    throw new UserError('not built yet');
  },
};
