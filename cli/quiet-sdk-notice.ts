// The AWS SDK announces that releases after January 2027 will need Node 22. keysentry pins
// its SDK release and runs on Node 20 and later, so the notice is noise on every run.
export function quietSdkNodeNotice(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0] as string | { type?: string } | undefined;
    const type = typeof first === "string" ? first : first?.type;
    if (type === "NodeVersionSupportWarning" || String(warning).includes("NodeVersionSupportWarning")) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
