import { readFile, writeFile } from "node:fs/promises";
import { withCatalogue } from "./rule-catalogue";

const path = new URL("../README.md", import.meta.url);
const readme = await readFile(path, "utf8");
const updated = withCatalogue(readme);
if (updated !== readme) await writeFile(path, updated);
console.log(updated === readme ? "README.md rule catalogue is current" : "README.md rule catalogue updated");
