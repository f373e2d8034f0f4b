import { createHash } from 'node:crypto';
import { HAND_FEATURE_NAMES } from '../features/hand-features';
import { STANCE_LABELS } from './mlp';

export const MODEL_FORMAT = 'claimtrail-stance-mlp';
export const MODEL_FORMAT_VERSION = 1;

/**
 * The shipped weights, one JSON document: the feature configuration (vocabulary, IDF, hand
 * features) and the network, its first layer quantized to int8 per input row (base64) to
 * stay small. `sha256` covers the document without itself, so any edit or truncation shows.
 */
export interface StanceModelDocument {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  name: string;
  labels: string[];
  features: { tfSize: number; hand: string[]; terms: string[]; idf: number[]; unseenIdf: number };
  hidden: number;
  temperature: number;
  /** How the weights were made (seed, data, epochs, validation figures): informative only. */
  training: Record<string, unknown>;
  weights: { w1Int8: string; w1Scale: number[]; b1: number[]; w2: number[]; b2: number[] };
}

export interface StanceModelFile extends StanceModelDocument {
  sha256: string;
}

/** A weights file that cannot be used, with the file named in the message. */
export class StanceModelLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`stance model file ${file}: ${problem}`);
    this.name = 'StanceModelLoadError';
  }
}

export function documentSha256(document: StanceModelDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex');
}

/** The file's text: the document and its hash, in a fixed key order (reproducible bytes). */
export function serializeModel(document: StanceModelDocument): string {
  return `${JSON.stringify({ ...document, sha256: documentSha256(document) })}\n`;
}

/** Parses and checks a weights file; every problem is a StanceModelLoadError naming `file`. */
export function parseModel(text: string, file: string): StanceModelFile {
  let parsed: StanceModelFile;
  try {
    parsed = JSON.parse(text) as StanceModelFile;
  } catch {
    throw new StanceModelLoadError(file, 'not valid JSON (truncated or not a weights file)');
  }
  if (typeof parsed !== 'object' || parsed === null || parsed.format !== MODEL_FORMAT) {
    throw new StanceModelLoadError(file, `not a ${MODEL_FORMAT} file`);
  }
  if (parsed.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new StanceModelLoadError(
      file,
      `format version ${parsed.formatVersion}, this build reads ${MODEL_FORMAT_VERSION}`,
    );
  }
  const { sha256, ...document } = parsed;
  if (documentSha256(document) !== sha256) {
    throw new StanceModelLoadError(file, 'sha256 does not match its content (corrupt or edited)');
  }
  if (JSON.stringify(document.labels) !== JSON.stringify(STANCE_LABELS)) {
    throw new StanceModelLoadError(
      file,
      `labels ${JSON.stringify(document.labels)} differ from ${JSON.stringify(STANCE_LABELS)}`,
    );
  }
  if (JSON.stringify(document.features.hand) !== JSON.stringify(HAND_FEATURE_NAMES)) {
    throw new StanceModelLoadError(file, "hand features differ from this build's: retrain with npm run train:stance");
  }
  const inputSize = 2 * document.features.tfSize + HAND_FEATURE_NAMES.length;
  const w1Bytes = Buffer.from(document.weights.w1Int8, 'base64').length;
  if (
    w1Bytes !== inputSize * document.hidden ||
    document.weights.w1Scale.length !== inputSize ||
    document.weights.b1.length !== document.hidden ||
    document.weights.w2.length !== document.hidden * STANCE_LABELS.length ||
    document.features.idf.length !== document.features.terms.length ||
    document.features.terms.length < document.features.tfSize
  ) {
    throw new StanceModelLoadError(file, 'layer sizes do not match the feature configuration');
  }
  return parsed;
}

/** Quantizes a row-major matrix to int8, one scale per row (max |w| / 127). */
export function quantizeRows(
  matrix: ArrayLike<number>,
  rows: number,
  cols: number,
): { int8: string; scales: number[] } {
  const bytes = new Int8Array(rows * cols);
  const scales: number[] = [];
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(matrix[r * cols + c]));
    const scale = max === 0 ? 0 : Math.fround(max / 127);
    scales.push(scale);
    for (let c = 0; c < cols; c++) bytes[r * cols + c] = scale === 0 ? 0 : Math.round(matrix[r * cols + c] / scale);
  }
  return { int8: Buffer.from(bytes.buffer).toString('base64'), scales };
}

export function dequantizeRows(int8: string, scales: readonly number[], cols: number): Float32Array {
  const buffer = Buffer.from(int8, 'base64');
  const bytes = new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  const matrix = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) matrix[i] = bytes[i] * scales[Math.floor(i / cols)];
  return matrix;
}
