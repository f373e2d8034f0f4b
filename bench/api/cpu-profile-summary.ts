/**
 * Summarises a V8 .cpuprofile by layer: self time (the frame on top of the stack) and
 * inclusive time (the layer anywhere on the stack) per npm package, Claimtrail lib, Node
 * core module, GC and idle, plus the hottest functions. Small enough to keep in the repo,
 * unlike the profiles themselves.
 *
 *   node dist/bench/api/cpu-profile-summary.js <file.cpuprofile> [label]
 */
import { readFileSync } from 'node:fs';
import { round } from '../support/stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface LayerCost {
  layer: string;
  selfMs: number;
  selfShare: number;
  inclusiveShare: number;
}

export interface ProfileSummary {
  label: string;
  sampledMs: number;
  busyShare: number;
  layers: LayerCost[];
  topFunctions: { fn: string; layer: string; selfShare: number }[];
}

const SPECIAL: Record<string, string> = {
  '(idle)': 'idle',
  '(garbage collector)': 'gc',
  '(program)': 'v8 (program)',
  '(root)': 'v8 (program)',
};

/** Which layer a frame belongs to: npm package, Claimtrail lib/app, Node core, or V8. */
export function layerOf(frame: ProfileNode['callFrame']): string {
  if (SPECIAL[frame.functionName] && !frame.url) return SPECIAL[frame.functionName];
  const url = frame.url;
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scope, name] = url.slice(inModules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const ours = /\/dist\/(libs|apps|bench)\/([^/]+)\//.exec(url);
  if (ours) return `claimtrail ${ours[1] === 'libs' ? 'lib' : ours[1].slice(0, -1)} ${ours[2]}`;
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  return url ? 'other' : 'v8 builtins';
}

export function summarise(profile: CpuProfile, label: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fnSelf = new Map<string, { layer: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id)!;
    const layer = layerOf(node.callFrame);
    self.set(layer, (self.get(layer) ?? 0) + us);
    const fn =
      `${node.callFrame.functionName || '(anonymous)'} ` +
      `${node.callFrame.url.split('/').slice(-1)[0]}:${node.callFrame.lineNumber + 1}`;
    fnSelf.set(fn, { layer, us: (fnSelf.get(fn)?.us ?? 0) + us });
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      seen.add(layerOf(byId.get(at)!.callFrame));
    for (const l of seen) inclusive.set(l, (inclusive.get(l) ?? 0) + us);
  });
  const idle = self.get('idle') ?? 0;
  const busy = total - idle;
  const share = (us: number) => round((100 * us) / Math.max(busy, 1), 1);
  const layers = [...self.entries()]
    .filter(([layer]) => layer !== 'idle')
    .map(([layer, us]) => ({
      layer,
      selfMs: round(us / 1000),
      selfShare: share(us),
      inclusiveShare: share(inclusive.get(layer) ?? 0),
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  const topFunctions = [...fnSelf.entries()]
    .filter(([, { layer }]) => layer !== 'idle')
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, 15)
    .map(([fn, { layer, us }]) => ({ fn, layer, selfShare: share(us) }));
  return {
    label,
    sampledMs: round(total / 1000),
    busyShare: round((100 * busy) / Math.max(total, 1), 1),
    layers,
    topFunctions,
  };
}

if (require.main === module) {
  const [file, label] = process.argv.slice(2);
  console.log(JSON.stringify(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, label ?? file), null, 2));
}
