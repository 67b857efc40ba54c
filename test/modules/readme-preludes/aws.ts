/** What the examples of modules/aws/README.md take from their surroundings. */
export const PRELUDE = `
    import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
    import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
    import { KmsKey } from "./modules/aws/kms-key";
    import { SecureBucket } from "./modules/aws/secure-bucket";
    import { DatabricksVpc } from "./modules/aws/databricks-vpc";
    import { PrivateLinkEndpoints } from "./modules/aws/private-link-endpoints";
    import { VpcEndpoints } from "./modules/aws/vpc-endpoints";
    import type { WorkspaceFrontEnd } from "./modules/aws/workspace-front-end";
    declare const ucRole: IamRole;
    declare const region: string;
    declare const dataKey: KmsKey;
    declare const rootBucket: SecureBucket;
    declare const logsBucket: SecureBucket;
    declare const frontEnd: WorkspaceFrontEnd;
    void [DataAwsCallerIdentity, KmsKey, SecureBucket, DatabricksVpc, PrivateLinkEndpoints, VpcEndpoints];`;
