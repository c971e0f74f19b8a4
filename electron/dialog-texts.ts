/**
 * What the shell's native dialogs say, as pure functions of their inputs (tested under Node):
 * the About box, the question asked when the window closes during long work, and the undo
 * confirmation.
 */
import type { BusyTask } from './host/protocol.js';

export interface AboutInfo {
  appName: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  dbPath: string;
  dataDir: string;
}

export const DATA_CREDITS =
  'The real shop used to test and benchmark Tillsight is the UCI \u201cOnline Retail\u201d data set by ' +
  'Daqing Chen, Sai Liang Sain and Kun Guo (UCI Machine Learning Repository, 2015), licensed CC BY 4.0. ' +
  'It is not shipped with the app; the sample shop is made up.';

export function aboutText(info: AboutInfo): { title: string; message: string; detail: string } {
  return {
    title: `About ${info.appName}`,
    message: `${info.appName} ${info.version}`,
    detail: [
      'Offline sales analytics for a small shop. Your data stays on this computer.',
      '',
      `Database: ${info.dbPath}`,
      `Data folder: ${info.dataDir}`,
      '',
      DATA_CREDITS,
      '',
      `Electron ${info.electron} \u00b7 Chromium ${info.chrome} \u00b7 Node.js ${info.node}`,
    ].join('\n'),
  };
}

export type CloseChoice = 'wait' | 'cancel' | 'stay';

/** The question asked when the window is closed while long work runs, and what each button means. */
export function closePrompt(tasks: readonly BusyTask[]): {
  message: string;
  detail: string;
  buttons: string[];
  choices: CloseChoice[];
  defaultId: number;
  cancelId: number;
} {
  const labels = [...new Set(tasks.map((t) => t.label))];
  const what = labels.length === 0 ? 'some work' : labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`;
  const canCancel = tasks.some((t) => t.cancellable);
  const choices: CloseChoice[] = canCancel ? ['wait', 'cancel', 'stay'] : ['wait', 'stay'];
  const buttons = choices.map((c) => (c === 'wait' ? 'Finish, then quit' : c === 'cancel' ? 'Stop it and quit' : 'Keep working'));
  const detail = canCancel
    ? 'Tillsight can finish first and then quit, or stop now: a stopped import is undone completely, nothing half-written is kept.'
    : 'Tillsight will finish it first and then quit; stopping it halfway is not possible.';
  return { message: `Tillsight is busy with ${what}.`, detail, buttons, choices, defaultId: 0, cancelId: choices.length - 1 };
}

export function undoPrompt(batch: { file: string; rowsImported: number; importedAt: string }): { message: string; detail: string; buttons: string[] } {
  return {
    message: `Undo the import of \u201c${batch.file}\u201d?`,
    detail: `Its ${batch.rowsImported.toLocaleString('en')} rows (imported ${batch.importedAt}) are removed and the dashboards recalculated. The file itself is not touched.`,
    buttons: ['Undo import', 'Cancel'],
  };
}
