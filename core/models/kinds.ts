/**
 * Every model kind the runtime trains, in training order (a later kind may use
 * an earlier one's stored outputs: anomalies read the forecast's expected values).
 * Add a kind with one line: its spec from `defineModel` in core/models/runtime.ts.
 */
import type { ModelSpec } from './runtime.js';

export const modelSpecs: ModelSpec[] = [];
