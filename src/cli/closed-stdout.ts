// `errcode-exporter catalog list --format json | head`: the reader went away, so nothing is left to print for. A
// one-shot command then ends quietly with the exit status it has so far, where Node would print a stack trace and
// exit 1 (which means "found" or "unknown code" here). Not `run`: its events sink reports a closed stdout once and
// goes on counting.

/** The streams guarded, not a flag: a start from the V8 start-up snapshot has a fresh stdout (its build ran a scan). */
const guarded = new WeakSet<NodeJS.WriteStream>();

/** From now on, stdout's reader going away (EPIPE) ends the process quietly; any other write error is thrown. */
export function endQuietlyWhenStdoutCloses(): void {
  const out = process.stdout;
  if (guarded.has(out)) return;
  guarded.add(out);
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
