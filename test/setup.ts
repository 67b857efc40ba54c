// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their type declarations.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
