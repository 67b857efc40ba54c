/**
 * The whole library from one import (re-exports only). Loading it loads every domain and both Databricks and AWS
 * provider classes the constructs use; an app that needs one domain imports its subpath (`<package>/aws`,
 * `<package>/databricks`, `<package>/policy`, `<package>/core`, `<package>/rest`) and loads only that.
 */
export * from "./aws";
export * from "./core";
export * from "./databricks";
export * from "./policy";
export * from "./rest";
