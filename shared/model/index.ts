export * from "./certificate";
export * from "./facet";
export * from "./finding";
export * from "./key";
export * from "./resource";
