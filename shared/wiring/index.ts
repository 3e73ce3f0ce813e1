export { type Environment, EnvironmentError, readEnvironment } from "./environment";
export { createLambdaServices, lambdaContinuation, sweepLease } from "./lambda-services";
// Not re-exported: ./config-rule-dependencies carries the Config client, which only the
// config-rule function may load (a re-export here would put it in every function's cold start).
