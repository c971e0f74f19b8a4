import type { Command } from '../command.js';

/**
 * Each command's module, loaded only when it runs: `tillsight import` starts
 * without compiling the server, the dashboards' queries or the sample generator
 * (about 15 ms of a CLI import's start). Help loads them all.
 */
const loaders: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./import.js')).importCommand,
  undo: async () => (await import('./import.js')).undoCommand,
  status: async () => (await import('./status.js')).statusCommand,
  kpis: async () => (await import('./status.js')).kpisCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  sample: async () => (await import('./sample.js')).sampleCommand,
  backup: async () => (await import('./backup.js')).backupCommand,
  restore: async () => (await import('./backup.js')).restoreCommand,
  export: async () => (await import('./backup.js')).exportCommand,
  train: async () => (await import('./train.js')).trainCommand,
  forecast: async () => (await import('./forecast.js')).forecastCommand,
  reconcile: async () => (await import('./reconcile.js')).reconcileCommand,
  segment: async () => (await import('./segment.js')).segmentCommand,
  anomalies: async () => (await import('./anomalies.js')).anomaliesCommand,
  report: async () => (await import('./report.js')).reportCommand,
};

/** The command called `name`, or undefined when there is none. */
export function loadCommand(name: string): Promise<Command> | undefined {
  return Object.hasOwn(loaders, name) ? loaders[name]() : undefined;
}

/** Every command, in help order. */
export async function loadAllCommands(): Promise<Record<string, Command>> {
  const all: Record<string, Command> = {};
  for (const [name, load] of Object.entries(loaders)) all[name] = await load();
  return all;
}
