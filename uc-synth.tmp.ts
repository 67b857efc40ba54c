import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "./environments";
import { UnityCatalogStack } from "./stacks/unity-catalog-stack";
const configs = validateEnvironments(Object.values(ENVIRONMENTS));
const c = configs.find((x) => x.name === (process.argv[2] ?? "prod"))!;
const stack = new UnityCatalogStack(Testing.app(), { config: c });
console.log(Testing.synth(stack));
