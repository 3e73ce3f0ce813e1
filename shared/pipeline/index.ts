export {
  EvaluationIncompleteError,
  type EventPipeline,
  type EventResult,
  processReading,
} from "./event-pipeline";
