/**
 * The network of the global model: a small dense net over the feature rows, trained with TensorFlow.js on the
 * WASM backend (offline in Node and in worker threads; `@tensorflow/tfjs-node` cannot be installed here).
 * TensorFlow.js is imported lazily, on the first training, so modules that never train don't pay ~0.4 s
 * and ~60 MB for it.
 */
import { FEATURE_COUNT, type Rows } from './features.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

let loading: Promise<Tf> | undefined;

/** TensorFlow.js on the WASM backend (the pure-JS `cpu` backend only if WASM cannot start, e.g. files moved). */
export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm').catch(() => false))) await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return loading;
}

/** Thrown when the abort signal fires; named like the runtime's error so the job runner reports "cancelled". */
export class GlobalCancelled extends Error {
  constructor() {
    super('training cancelled');
    this.name = 'TrainingCancelled';
  }
}

export interface NetworkOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number[];
  /** 'poisson': Poisson deviance on the log-rate output (units); 'mse': squared error of the rate (money). */
  loss: 'poisson' | 'mse';
  signal?: AbortSignal;
  onEpoch?: (done: number, total: number, loss: number) => void;
}

/** Log-rates are kept inside this range before exp(), so one wild row cannot overflow the loss. */
const LOG_RATE_MIN = -20;
const LOG_RATE_MAX = 8;

/** A trained network: predicts rates for feature rows until disposed (it holds its weights as tensors). */
export interface TrainedNet {
  predict(rows: Rows): Promise<Float32Array>;
  dispose(): void;
}

/**
 * Trains on `train`. A hand-written loop over a plain multilayer perceptron (variables + matMul) rather than
 * tf.LayersModel.fit: it measured about 10× less CPU per epoch here for this small net, checks the abort signal
 * between batches and has no hidden randomness. Everything but the weights is disposed before returning (also on
 * cancellation or error); the weights go with the returned net's dispose().
 */
export async function trainNet(train: Rows, o: NetworkOptions): Promise<TrainedNet> {
  const tf = await loadTf();
  const made: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => (made.push(t), t);
  const optimizer = tf.train.adam(o.learningRate);
  const weights: import('@tensorflow/tfjs').Variable[] = [];
  const disposeWeights = () => {
    for (const w of weights.splice(0)) w.dispose();
  };
  const sizes = [FEATURE_COUNT, ...o.hidden, 1];
  // Inside tidy, so the initial values are freed (a variable keeps its own copy; tidy never frees variables).
  tf.tidy(() => {
    for (let i = 0; i + 1 < sizes.length; i++) {
      const last = i + 2 === sizes.length;
      // The last layer starts at zero: the untrained model forecasts each series' recent level (the offset).
      const init = last ? tf.zeros([sizes[i], 1]) : tf.initializers.glorotUniform({ seed: o.seed + 17 * i + 1 }).apply([sizes[i], sizes[i + 1]]);
      weights.push(tf.variable(init, true), tf.variable(tf.zeros([sizes[i + 1]]), true));
    }
  });
  const forward = (x: Tensor, off: Tensor): Tensor => {
    let z = x;
    for (let i = 0; i < weights.length; i += 2) {
      z = tf.add(tf.matMul(z as import('@tensorflow/tfjs').Tensor2D, weights[i] as unknown as import('@tensorflow/tfjs').Tensor2D), weights[i + 1]);
      if (i + 2 < weights.length) z = tf.relu(z);
    }
    return tf.clipByValue(tf.add(z, off), LOG_RATE_MIN, LOG_RATE_MAX);
  };
  const lossOf = (logRate: Tensor, y: Tensor): import('@tensorflow/tfjs').Scalar =>
    o.loss === 'poisson' ? tf.mean(tf.sub(tf.exp(logRate), tf.mul(y, logRate))) : tf.mean(tf.square(tf.sub(tf.exp(logRate), y)));
  try {
    const x = keep(tf.tensor2d(train.x, [train.count, FEATURE_COUNT]));
    const off = keep(tf.tensor2d(train.offset, [train.count, 1]));
    const y = keep(tf.tensor2d(train.y, [train.count, 1]));
    // Batches are cut once (rows are already in a seeded random order), not re-sliced every epoch.
    const batches: { x: Tensor; off: Tensor; y: Tensor; size: number }[] = [];
    for (let b = 0; b < train.count; b += o.batchSize) {
      const size = Math.min(o.batchSize, train.count - b);
      batches.push({ x: keep(x.slice([b, 0], [size, FEATURE_COUNT])), off: keep(off.slice([b, 0], [size, 1])), y: keep(y.slice([b, 0], [size, 1])), size });
    }
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      let total = 0;
      for (const batch of batches) {
        if (o.signal?.aborted) throw new GlobalCancelled();
        const cost = optimizer.minimize(() => lossOf(forward(batch.x, batch.off), batch.y), true, weights);
        total += cost!.dataSync()[0] * batch.size;
        cost!.dispose();
      }
      o.onEpoch?.(epoch + 1, o.epochs, total / train.count);
      // Let the abort event (and the host's other work) in between epochs.
      await new Promise((resolve) => setImmediate(resolve));
      if (o.signal?.aborted) throw new GlobalCancelled();
    }
  } catch (e) {
    disposeWeights();
    throw e;
  } finally {
    for (const t of made) t.dispose();
    optimizer.dispose();
  }
  return {
    async predict(rows) {
      if (!weights.length) throw new Error('the network was disposed');
      if (!rows.count) return new Float32Array(0);
      const rate = tf.tidy(() => tf.exp(forward(tf.tensor2d(rows.x, [rows.count, FEATURE_COUNT]), tf.tensor2d(rows.offset, [rows.count, 1]))));
      try {
        return (await rate.data()) as Float32Array;
      } finally {
        rate.dispose();
      }
    },
    dispose: disposeWeights,
  };
}
