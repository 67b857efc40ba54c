/**
 * Databricks' own AWS identities in the commercial partition, named once (databricks provider `aws/constants.go`
 * at v1.99.0; ../shared/databricks-aws-facts.md C1). GovCloud uses other accounts and is not supported here.
 */

/** The AWS account of the Databricks control plane: trust principal, bucket and key policy principal. */
export const DATABRICKS_AWS_ACCOUNT_ID = "414351767826";

/** The control plane's account principal. */
export const DATABRICKS_CONTROL_PLANE_PRINCIPAL = `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:root`;

/** The Unity Catalog master role that assumes storage and service credential roles. */
export const UNITY_CATALOG_MASTER_ROLE_ARN = `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL`;

/** The role that delivers audit and billable usage logs. */
export const LOG_DELIVERY_ROLE_ARN = `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK`;
