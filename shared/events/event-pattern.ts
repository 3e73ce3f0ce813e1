/** An EventBridge event pattern (EventBridge User Guide, "Event patterns"), as plain JSON. */
export type EventPattern = Readonly<Record<string, unknown>>;
