// The AWS SDK announces that releases after January 2027 will need Node 22. keysentry pins
// its SDK release and runs on Node 20 and later, so the notice is noise on every run.
export function quietSdkNodeNotice() {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
    if (type === "NodeVersionSupportWarning" || String(warning).includes("NodeVersionSupportWarning")) return;
    emitWarning(warning, ...rest);
  };
}
