export { type Environment, EnvironmentError, readEnvironment } from "./environment";
export { configRuleDependencies, createLambdaServices, lambdaContinuation } from "./lambda-services";
