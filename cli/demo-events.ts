/** The sample events (events/<folder>) the demo plays against the sample account; malformed ones are for tests. */
export const DEMO_EVENT_FOLDERS = ["kms", "acm"] as const;
