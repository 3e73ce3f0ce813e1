export { createEventHandler, type EventReader } from "./event-handler";
