export * from "./types";
export * from "./settings";
export * from "./rule";
export * from "./matcher";
export * from "./pack";
export * from "./catalog";
export * from "./synth-model";
export * from "./expressions";
export * from "./policy-documents";
export * from "./provider-schema";
export * from "./suppressions";
export * from "./engine";
export * from "./guardrails-aspect";
export * from "./policy-report";
export * from "./report-format";
// What a rule of your own is written with: its anchors (`anchors.databricks("...")`) and the value readers (`isSet`, ...).
export * as anchors from "./rules/anchors";
export * from "./values";
