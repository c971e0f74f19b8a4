import type { z } from 'zod';
import type { reportInputs, ReportOutputs } from '../../common/api-reports.js';
import { runJob } from '../jobs/runner.js';
import { optionsFromRequest, ReportRefused, resolveOptions, type ResolvedOptions } from '../reports/options.js';
import { ApiError, type ApiContext } from './context.js';
import { discardDownload, newDownload } from './downloads.js';

type Inputs = typeof reportInputs;

/** "Juniper & Ink report 2011-01-01 to 2011-12-09.pdf" */
export function reportFileName(o: ResolvedOptions): string {
  return `${o.shopName ? `${o.shopName} report` : 'Sales report'} ${o.from} to ${o.to}.pdf`;
}

/** The PDF is rendered in a worker thread (the `report` job), so the host keeps answering meanwhile. */
export const reportHandlers: { [M in keyof Inputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<ReportOutputs[M]> } = {
  reportExport: async (input, ctx) => {
    const { taskId, ...request } = input;
    let resolved: ResolvedOptions;
    try {
      // Checked here first, so a refusal is one sentence before any thread starts.
      resolved = resolveOptions(ctx.db, optionsFromRequest(request));
    } catch (e) {
      if (e instanceof ReportRefused) throw new ApiError('refused', e.message);
      throw e;
    }
    const fileName = reportFileName(resolved);
    const { downloadId, filePath } = newDownload(ctx.uploadDir, fileName);
    try {
      const r = await runJob(ctx.dbPath, 'report', { request, outPath: filePath }, { taskId, onProgress: (e) => ctx.emitProgress(e) });
      return { downloadId, fileName, bytes: r.bytes, pages: r.pages };
    } catch (e) {
      discardDownload(ctx.uploadDir, downloadId);
      throw e;
    }
  },
};
