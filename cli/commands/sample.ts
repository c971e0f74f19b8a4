import type { Command } from '../command.js';
import { UserError } from '../errors.js';

// Replaced by the sample-shop generator (issue 3).
export const sampleCommand: Command = {
  usage: 'sample --out DIR [--seed N] [--days N] [--lines N]',
  summary: 'write a sample shop’s POS exports and its ground truth',
  async run() {
    throw new UserError('not built yet');
  },
};
