export { type Environment, EnvironmentError, readEnvironment } from "./environment";
export { createLambdaRuntime } from "./lambda-runtime";
export { assembleRuntime, type Runtime, type RuntimeParts } from "./runtime";
