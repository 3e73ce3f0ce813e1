export { ticketKey } from "./dedup";
export { JiraError, type JiraOptions, JiraTicketer } from "./jira";
export { OpsCenterTicketer } from "./opscenter";
