/**
 * Each module README's prelude: the declarations its examples may use without defining them (a provider, an id from
 * elsewhere), so the README itself stays free of boilerplate. A README without an entry has none.
 */
import { PRELUDE as AWS } from "./aws";
import { PRELUDE as DATABRICKS } from "./databricks";
import { PRELUDE as DATABRICKS_SHARING } from "./databricks-sharing";
import { PRELUDE as POLICY } from "./policy";

export const PRELUDES: Readonly<Record<string, string>> = {
  "modules/aws/README.md": AWS,
  "modules/databricks/README.md": DATABRICKS,
  "modules/databricks/sharing/README.md": DATABRICKS_SHARING,
  "modules/policy/README.md": POLICY,
};
