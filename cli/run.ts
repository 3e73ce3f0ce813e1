import { main } from "./main";
import { quietSdkNodeNotice } from "./quiet-sdk-notice";

/** The process around `main`: exit code, quiet SDK notice, and a reader that closed the pipe. */
export async function run(argv = process.argv.slice(2)): Promise<void> {
  quietSdkNodeNotice();
  // `keysentry scan | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(argv);
}
