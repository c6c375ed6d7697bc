// --stdin reads lines from standard input, not from a cluster: the flags only a cluster can
// answer are refused here, in one table, as options/offline.ts refuses them for --log-dir.
import { UsageError } from '../shared/errors.js';

export interface StdinFlags {
  stdin?: boolean;
  prompt?: boolean;
  dryRun?: boolean;
  condition?: string;
  events?: boolean;
  stream?: string;
  save?: string;
}

export function refuseWithStdin(f: StdinFlags): void {
  if (!f.stdin) return;
  const refused: [boolean, string][] = [
    [Boolean(f.prompt), '--prompt picks pods in a cluster: it cannot be used with --stdin'],
    [Boolean(f.dryRun), '--dry-run lists what a cluster has: it cannot be used with --stdin'],
    [f.condition !== undefined, '--condition needs a cluster: it cannot be used with --stdin'],
    [Boolean(f.events), "--events cannot be used with --stdin: the events are a cluster's"],
    [f.stream !== undefined, '--stream cannot be used with --stdin: standard input is one stream'],
    [f.save !== undefined, '--save cannot be used with --stdin: it saves what clusters send'],
  ];
  const hit = refused.find(([given]) => given);
  if (hit) throw new UsageError(hit[1]);
}
