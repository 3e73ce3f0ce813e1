export { type Environment, EnvironmentError, readEnvironment } from "./environment";
export { createLambdaRuntime, lambdaContinuation } from "./lambda-runtime";
export { assembleRuntime, type Runtime, type RuntimeParts } from "./runtime";
