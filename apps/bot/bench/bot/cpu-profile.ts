/** Where the server's CPU time went, from the .cpuprofile files `node --cpu-prof` writes (one per thread). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time by package (node_modules/<name>), source file of this repo, or V8 pseudo-frame. */
  byOwner: Array<{ owner: string; ms: number; share: number }>;
  byFunction: Array<{ fn: string; ms: number; share: number }>;
}

function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const repo = /\/(apps|packages)\/(.+)$/.exec(url);
  if (repo) return `${repo[1]}/${repo[2]}`;
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

export function summariseProfiles(dir: string, top = 12): ProfileSummary[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => {
      const profile = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Profile;
      const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
      const self = new Map<number, number>();
      profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
      const owners = new Map<string, number>();
      const fns = new Map<string, number>();
      let totalMs = 0;
      for (const [id, ms] of self) {
        const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
        totalMs += ms;
        const owner = ownerOf(url, functionName);
        owners.set(owner, (owners.get(owner) ?? 0) + ms);
        const fn = `${functionName || '(anonymous)'} ${url ? `${owner}:${lineNumber + 1}` : ''}`.trim();
        fns.set(fn, (fns.get(fn) ?? 0) + ms);
      }
      const rank = (m: Map<string, number>) =>
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([key, ms]) => ({ key, ms: Math.round(ms), share: Number((ms / totalMs).toFixed(3)) }));
      return {
        file: name,
        totalMs: Math.round(totalMs),
        byOwner: rank(owners).map(({ key, ms, share }) => ({ owner: key, ms, share })),
        byFunction: rank(fns).map(({ key, ms, share }) => ({ fn: key, ms, share })),
      };
    });
}
