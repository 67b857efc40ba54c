/** What the examples of modules/policy/README.md take from their surroundings. */
export const PRELUDE = `
    import { App, TerraformStack } from "cdktf";
    import type { BlockMatcher, ResourceRule } from "./modules/policy";
    declare const app: App;
    declare const stack: TerraformStack;
    declare const scratchBucket: TerraformStack;
    declare const cleanRooms: BlockMatcher;
    declare const cleanRoomBody: ResourceRule;`;
