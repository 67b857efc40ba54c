/**
 * What the TypeScript snippets of README.md and docs/ take from their surroundings without defining it: the
 * environment's config a layer has, a construct the text talks about, a stand-in for "your construct". Only values and
 * types the prose supplies belong here; an import a reader would have to write is the snippet's own (a snippet that
 * misses one fails, and is fixed in the document). PRELUDE is every document's; PRELUDES adds to a document's. A
 * module path starting with `@/` is the repository's root (a snippet stands in its document's folder).
 */
export const PRELUDE = `
    import type { Construct } from "constructs";
    import type { EnvironmentConfig } from "@/environments/schema";
    import type { SecureBucket } from "@/modules/aws/secure-bucket";
    /** A layer's config: stacks receive it. */
    declare const config: EnvironmentConfig;
    /** "A bucket of this stack", in the text about suppressions. */
    declare const rootBucket: SecureBucket;
    declare const scratchBucket: SecureBucket;
    /** A stand-in for the reader's own construct. */
    declare class SomethingInTheVpc {
      constructor(scope: Construct, id: string, props: { vpcId: string; subnetIds: string[] });
    }
    void SomethingInTheVpc;`;

/** A document's own additions to PRELUDE, by repository-relative path. */
export const PRELUDES: Readonly<Record<string, string>> = {};
