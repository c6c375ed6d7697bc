// ktail's exit codes: one table, shown by --help and the README, read by run.ts and offline/.
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  failOn: 3,
  noMatch: 4,
  untilUnmet: 5,
  timeout: 124,
} as const;

export const EXIT_CODES_HELP = `

Exit codes:
  0    --until matched (with --until-each: in every container); the logs ended (--no-follow); Ctrl-C while following
  1    a cluster or a stream failed (--no-follow), or no cluster can honour --stream
  2    bad flags, config file or kubeconfig
  3    --fail-on matched (that line is printed first)
  4    --require-match: no container matched the query in any cluster (before 0, 5 and 124)
  5    --until: the logs ended (--no-follow) before it matched
  124  --timeout reached
  130  a second Ctrl-C (143: SIGTERM) while stdout drains, or Ctrl-C during --dry-run`;

/** How a run that was not ended by a trigger ends: failures first, then what the triggers asked for. */
export function exitAtEnd(e: { failed: boolean; anyMatched: boolean; requireMatch: boolean; untilUnmet: boolean }): number {
  if (e.failed) return EXIT.failed;
  if (e.requireMatch && !e.anyMatched) return EXIT.noMatch;
  return e.untilUnmet ? EXIT.untilUnmet : EXIT.ok;
}
