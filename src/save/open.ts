// --save DIR at the start of a run: DIR must be new or empty (a second run's lines would mix
// into the first's files) and writable; the markers go in before any cluster is asked, so an
// unwritable DIR ends the run at once (exit 2, one line) instead of after its first lines.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, UsageError } from '../shared/errors.js';
import { CLUSTER_MARKER, clusterDirName, SAVE_MARKER } from './layout.js';
import { DEFAULT_MAX_QUEUED, saveWriter, type SaveWriter } from './writer.js';

export async function openSave(
  root: string,
  clusters: readonly string[],
  o: { previous: boolean; warn(message: string): void },
): Promise<SaveWriter> {
  const fail =
    (what: string) =>
    (err: unknown): never => {
      throw new UsageError(`--save ${root}: ${what}: ${describeError(err)}`);
    };
  await mkdir(root, { recursive: true }).catch(fail('cannot create it'));
  const there = await readdir(root).catch(fail('cannot read it'));
  if (there.length)
    throw new UsageError(`--save ${root}: not empty; give a new or empty directory (a run's lines must not mix into another's files)`);
  await writeFile(join(root, SAVE_MARKER), 'a ktail --save tree: read it back with ktail --log-dir\n').catch(fail('cannot write there'));
  for (const name of clusters) {
    const dir = join(root, clusterDirName(name));
    await mkdir(dir).catch(fail('cannot write there'));
    await writeFile(join(dir, CLUSTER_MARKER), name).catch(fail('cannot write there'));
  }
  return saveWriter({ root, previous: o.previous, maxQueued: DEFAULT_MAX_QUEUED, warn: o.warn });
}
