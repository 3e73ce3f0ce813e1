import manifest from "../package.json" with { type: "json" };

/** The release this CLI is, as the package names it (bundled: the manifest is read at build time). */
export const VERSION: string = manifest.version;
