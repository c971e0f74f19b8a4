/**
 * Training state for the Forecasts page: whether a training runs (one the owner started with Retrain, or an
 * automatic one after an import), its latest progress event, and Retrain itself. When a training ends, every
 * view reloads (the API context's refresh), so the page shows the new run's outputs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../../common/api.js';
import type { ModelStatus } from '../../../common/api-models.js';
import { newTaskId, useApi, useApiContext, type Loaded } from '../../lib/api.js';

export interface Training {
  running: boolean;
  progress: ProgressEvent | null;
  error: string | null;
  retrain: () => void;
  status: Loaded<ModelStatus>;
}

/** How often the status is asked for while an automatic training runs (its end has no event of its own). */
const POLL_MS = 1500;
const STALE_POLL_MS = 3000;

export function useTraining(): Training {
  const { transport, refresh } = useApiContext();
  const status = useApi('modelStatus', {});
  const [ownTask, setOwnTask] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const autoTask = status.data?.training?.taskId ?? null;
  const taskId = ownTask ?? autoTask;

  useEffect(() => {
    if (!taskId) return;
    return transport.onProgress((e) => {
      if (e.taskId === taskId) setProgress(e);
    });
  }, [transport, taskId]);

  // An automatic training: poll the status until it ends, then reload every view. Models older than the data
  // (or missing) are about to train by themselves (the host waits a moment after opening or an import), so the
  // status is polled then too, more slowly, to notice that training start.
  const wasAuto = useRef(false);
  const stale = (status.data?.stale.length ?? 0) > 0;
  useEffect(() => {
    if (ownTask) return undefined;
    if (autoTask) wasAuto.current = true;
    else if (wasAuto.current) {
      wasAuto.current = false;
      setProgress(null);
      refresh();
      return undefined;
    }
    if (!autoTask && !stale) return undefined;
    const t = setInterval(() => status.reload(), autoTask ? POLL_MS : STALE_POLL_MS);
    return () => clearInterval(t);
  }, [autoTask, ownTask, stale, status.reload, refresh]);

  const retrain = useCallback(() => {
    if (ownTask) return;
    const id = newTaskId();
    setOwnTask(id);
    setProgress(null);
    setError(null);
    transport.call('train', { taskId: id }).then(
      () => {
        setOwnTask(null);
        setProgress(null);
        refresh();
      },
      (e: unknown) => {
        setOwnTask(null);
        setProgress(null);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [ownTask, transport, refresh]);

  return { running: ownTask !== null || autoTask !== null, progress, error, retrain, status };
}
