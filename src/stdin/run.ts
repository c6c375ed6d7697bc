// --stdin: lines from standard input (`kubectl logs … | ktail --stdin -i ERROR`) through the
// same printer as live mode: line filters, formats, templates, colours, --multiline. As in
// stern, a line has no pod, container or namespace (those fields are empty) and no cluster
// is contacted; its timestamp is the time it was read.
import type { Readable } from 'node:stream';
import type { Options } from '../options/types.js';
import { continuationRule, multilineGrouper } from '../output/multiline.js';
import { paletteColors, printer } from '../output/printer.js';
import { reporter } from '../output/reporter.js';
import type { Io } from '../run.js';
import { lineSplitter } from '../tail/lineSplitter.js';
import type { LogLine, Target } from '../shared/target.js';
import { endConditions } from '../trigger/endConditions.js';
import { EXIT } from '../trigger/exitCodes.js';

const STDIN_TARGET: Target = {
  cluster: { name: '' },
  namespace: '',
  pod: '',
  podUid: '',
  container: '',
  kind: 'container',
  containerId: '',
  nodeName: '',
  labels: {},
};

export async function runStdin(opts: Options, input: Readable, io: Io): Promise<number> {
  const report = reporter(
    io.stderr,
    { markers: false, verbose: opts.output.verbose, showCluster: false, retrying: false },
    paletteColors(opts.output, io.stderr.isTTY, io.env),
  );
  // stern's layout rule holds here too: -A or several -n add the (empty) namespace column
  const print = printer(
    opts.output,
    { showCluster: false, showNamespace: opts.pods.allNamespaces || new Set(opts.pods.namespaces).size > 1 },
    io.stdout,
    io.env,
    report.warn,
  );
  const grouped = opts.output.multiline ? multilineGrouper(continuationRule(opts.output.multiline), print.emit) : undefined;
  // --until, --fail-on, --timeout end reading standard input as they end a live run
  const ends = endConditions(opts.triggers);
  const emit = ends.trigger.gate(grouped ? grouped.push : print.emit);
  // one stream, known from the start
  ends.trigger.added(STDIN_TARGET);
  ends.trigger.ready();

  let congested = false;
  const splitter = lineSplitter((bytes) => {
    const line: LogLine = { target: STDIN_TARGET, timestamp: new Date().toISOString(), message: bytes.toString('utf8'), bytes };
    if (!emit(line)) congested = true;
  });
  const stopped = Promise.race([io.interrupted, print.closed, ends.reached]).then(() => 'stopped' as const);
  const read = (async () => {
    for await (const chunk of input) {
      splitter.push(chunk as Buffer);
      if (congested) {
        congested = false;
        await new Promise<void>((resolve) => print.whenDrained(resolve));
      }
    }
    splitter.end();
    return 'eof' as const;
  })();
  read.catch(() => undefined);
  try {
    if ((await Promise.race([read, stopped])) === 'stopped') input.destroy();
  } catch (err) {
    report.warn(`cannot read standard input: ${(err as Error).message}`);
    return 1;
  } finally {
    ends.stop();
    grouped?.flush();
    await print.flush();
  }
  const ended = ends.outcome(true);
  if (ended) report.warn(ended.message);
  else if (ends.trigger.untilUnmet) report.warn('--until did not match before standard input ended');
  return ended?.code ?? (ends.trigger.untilUnmet ? EXIT.untilUnmet : EXIT.ok);
}
