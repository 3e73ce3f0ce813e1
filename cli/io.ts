/** Where a command writes: stdout and stderr in a terminal, captured lines in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  columns?: number;
  stderrIsTty?: boolean;
  /** stderr itself, for the live progress bar when it is a terminal. */
  errStream?: NodeJS.WritableStream;
}
