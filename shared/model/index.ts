export * from "./certificate";
export * from "./certificate-authority";
export * from "./event-facts";
export * from "./facet";
export * from "./finding";
export * from "./grant";
export * from "./key";
export * from "./resource";
