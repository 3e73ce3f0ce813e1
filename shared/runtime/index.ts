export { assembleRuntime, type Runtime, type RuntimeParts } from "./runtime";
