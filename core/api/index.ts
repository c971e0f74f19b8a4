import { ZodError } from 'zod';
import { apiInputs, type ApiMethod, type ApiOutput } from '../../common/api.js';
import { describeDbError } from '../store/db-errors.js';
import { ApiError, type ApiContext } from './context.js';
import { coreHandlers } from './core-handlers.js';
import { dashboardHandlers } from './dashboard-handlers.js';
import { sampleHandlers } from './sample-handlers.js';
import { modelHandlers } from './model-handlers.js';
import { forecastHandlers } from './forecast-handlers.js';
import { segmentHandlers } from './segment-handlers.js';
import { anomalyHandlers } from './anomaly-handlers.js';
import { reportHandlers } from './report-handlers.js';
import { backupHandlers } from './backup-handlers.js';

export { ApiError, type ApiContext } from './context.js';
export { downloadFile } from './downloads.js';

const handlers = {
  ...coreHandlers,
  ...dashboardHandlers,
  ...sampleHandlers,
  ...modelHandlers,
  ...forecastHandlers,
  ...segmentHandlers,
  ...anomalyHandlers,
  ...reportHandlers,
  ...backupHandlers,
};

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiInputs, name) && Object.prototype.hasOwnProperty.call(handlers, name);
}

/**
 * The single entry point every transport uses: validates the input against the
 * method's schema, then runs its handler. Input from a transport is untrusted.
 */
export async function callApi<M extends ApiMethod>(ctx: ApiContext, method: M | string, rawInput: unknown): Promise<ApiOutput<M>> {
  if (!isApiMethod(method)) throw new ApiError('not-found', `Unknown API method: ${String(method).slice(0, 60)}`);
  let input: unknown;
  try {
    input = (apiInputs[method] as { parse(v: unknown): unknown }).parse(rawInput ?? {});
  } catch (e) {
    if (e instanceof ZodError) {
      throw new ApiError('bad-input', `Invalid input for ${method}: ${e.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ')}`);
    }
    throw e;
  }
  const handler = handlers[method] as (input: unknown, ctx: ApiContext) => unknown;
  try {
    return (await handler(input, ctx)) as ApiOutput<M>;
  } catch (e) {
    throw asApiError(e, ctx.dbPath);
  }
}

/**
 * SQLite's faults (busy, disk full, read-only, damaged) as the owner's sentence:
 * 'busy' when waiting will do (an import holds the database; clients retry),
 * 'refused' when the owner must act first.
 */
export function asApiError(e: unknown, dbPath: string): unknown {
  if (e instanceof ApiError) return e;
  const d = describeDbError(e, dbPath);
  if (!d) return e;
  return new ApiError(d.fault === 'busy' ? 'busy' : 'refused', d.message);
}

/** Turns any thrown value into the error body all transports send. */
export function toErrorBody(e: unknown): { error: { code: ApiError['code']; message: string } } {
  if (e instanceof ApiError) return { error: { code: e.code, message: e.message } };
  return { error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
}
