export * from "./core/model";
export * from "./core/errors";
export * from "./core/events";
export * from "./core/adapter";
export * from "./core/registry";
