import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANCE_LABELS, StanceLabel } from '../model/mlp';

/** One FNC-1 pair: a headline (the claim), an article body, and the gold stance. */
export interface StancePair {
  headline: string;
  bodyId: number;
  stance: StanceLabel;
}

export interface StanceDataset {
  pairs: StancePair[];
  bodies: Map<number, string>;
}

/** Reads FNC-1's `train_stances.csv` and `train_bodies.csv` from `dir` (training and evaluation only). */
export function readFncDataset(dir: string): StanceDataset {
  const bodies = new Map<number, string>();
  for (const [id, body] of parseCsv(readFileSync(join(dir, 'train_bodies.csv'), 'utf8')).slice(1)) {
    bodies.set(Number(id), body);
  }
  const pairs = parseCsv(readFileSync(join(dir, 'train_stances.csv'), 'utf8'))
    .slice(1)
    .map(([headline, bodyId, stance]) => {
      if (!(STANCE_LABELS as readonly string[]).includes(stance))
        throw new Error(`unknown stance '${stance}' in ${dir}`);
      if (!bodies.has(Number(bodyId))) throw new Error(`stance row names body ${bodyId}, absent from ${dir}`);
      return { headline, bodyId: Number(bodyId), stance: stance as StanceLabel };
    });
  return { pairs, bodies };
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
