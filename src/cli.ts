// `ktail`: flags (options/flags.ts) → Options (options/parse.ts) → run (run.ts). Nothing else happens here.
import { type Command, CommanderError } from 'commander';
import { describeError, exitCodeOf, UsageError } from './shared/errors.js';
import { completionScript } from './completion/scripts.js';
import { applyConfig, configPath } from './options/configFile.js';
import { hiddenOptions, normalizeArgv, program } from './options/flags.js';
import { parseOptions, type RawFlags } from './options/parse.js';
import { oneLine } from './output/sanitize.js';

/** A bad value that came from the config file is reported as the file's. */
function withConfigBlame<T>(cmd: Command, config: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const fromConfig = cmd.options.filter((o) => cmd.getOptionValueSource(o.attributeName()) === 'config').map((o) => o.long ?? '');
    if (err instanceof UsageError && config && fromConfig.some((flag) => flag && err.message.includes(flag))) {
      throw new UsageError(`config file ${config}: ${err.message}`);
    }
    throw err;
  }
}

// A closed stderr (`2>&1 | head`) leaves nothing to report to: stop, as a closed stdout does.
const stderrGone = new Promise<void>((resolve) => process.stderr.on('error', () => resolve()));

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  // subcommands are handled before the flags: the positional argument is the pod query
  if (argv[2] === 'completion') {
    process.stdout.write(completionScript(argv[3], cmd));
    return 0;
  }
  if (argv[2] === '__complete') {
    const { completeValues } = await import('./completion/values.js');
    const values = await completeValues(argv[3], parseOptions(undefined, {}).clusters, process.env).catch(() => []);
    process.stdout.write(values.map((v) => `${v}\n`).join(''));
    return 0;
  }
  try {
    cmd.parse(normalizeArgv(argv));
    if (cmd.opts<{ showHiddenOptions?: boolean }>().showHiddenOptions) {
      process.stdout.write(hiddenOptions(cmd));
      return 0;
    }
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const config = configPath(cmd.opts<{ config?: string }>().config, process.env);
  if (config) applyConfig(cmd, config);
  const flags = cmd.opts<RawFlags>();
  const opts = withConfigBlame(cmd, config, () =>
    parseOptions(cmd.args[0], {
      ...flags,
      explicitFollow: cmd.getOptionValueSource('follow') === 'cli' && flags.follow === true,
      fromConfig: cmd.options.map((o) => o.attributeName()).filter((key) => cmd.getOptionValueSource(key) === 'config'),
    }),
  );
  const interrupted = Promise.race([stderrGone, stopRequested()]);
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted };
  if (opts.offline) return (await import('./offline/run.js')).runOffline(opts, opts.offline, io);
  if (opts.stdin) return (await import('./stdin/run.js')).runStdin(opts, process.stdin, io);
  if (opts.prompt && !(process.stdin.isTTY && process.stderr.isTTY)) {
    throw new UsageError(
      '--prompt needs a terminal to ask on (stdin and stderr); in a pipe, pass -l app.kubernetes.io/instance=VALUE instead',
    );
  }
  const picked = opts.prompt
    ? await (await import('./prompt/run.js')).promptInstance(opts, { stdin: process.stdin, stderr: process.stderr, env: process.env })
    : opts;
  if (typeof picked === 'number') return picked;
  // client-node takes most of a second to load: only after the flags proved valid.
  const { run } = await import('./run.js');
  return run(picked, io);
}

/**
 * The first SIGINT or SIGTERM asks for a clean stop: stdout is drained first, however long
 * its reader takes. A reader that never reads again (a paused pager, a stuck pipe) would then
 * hold ktail forever, so a second signal ends it at once, as the user asked twice.
 */
function stopRequested(): Promise<void> {
  return new Promise<void>((resolve) => {
    let asked = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) {
        process.stderr.write(`ktail: ${signal} again: stopping without writing what stdout has not taken yet\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      asked = true;
      resolve();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

// Anything that escapes every handler still ends ktail with one line and a non-zero exit, never a stack trace.
const unexpected = (err: unknown) => {
  process.stderr.write(`ktail: internal error: ${describeError(err).split('\n')[0]}\n`);
  process.exit(1);
};
process.on('unhandledRejection', unexpected).on('uncaughtException', unexpected);

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ktail: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(exitCodeOf(err));
  },
);
