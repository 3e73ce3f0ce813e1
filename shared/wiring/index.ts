export { type Environment, EnvironmentError, readEnvironment } from "./environment";
export { configRuleDependencies, createLambdaRuntime, lambdaContinuation } from "./lambda-runtime";
