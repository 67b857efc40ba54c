/**
 * Constructors for rule anchors, so every rule cites its controls the same way.
 */
import { Anchor } from "../types";

const SRA_URL = "https://github.com/databricks/terraform-databricks-sra";

/** An AWS Foundational Security Best Practices control (Security Hub), e.g. `S3.5`. */
export function fsbp(id: string): Anchor {
  const [service, number] = id.split(".");
  const page = service.toLowerCase();
  return { source: "FSBP", id, url: `https://docs.aws.amazon.com/securityhub/latest/userguide/${page}-controls.html#${page}-${number}` };
}

/** A CIS AWS Foundations Benchmark v3.0.0 recommendation, e.g. `2.1.1`. */
export function cis(id: string): Anchor {
  return { source: "CIS", id: `AWS Foundations v3.0.0 ${id}` };
}

/** A feature of the Databricks Security Reference Architecture. */
export function sra(feature: string): Anchor {
  return { source: "SRA", id: feature, url: SRA_URL };
}

/** A Databricks documentation topic. */
export function databricks(topic: string): Anchor {
  return { source: "Databricks", id: topic };
}

/** An AWS documentation topic. */
export function aws(topic: string): Anchor {
  return { source: "AWS", id: topic };
}

/** A Terraform (or provider) documentation topic. */
export function terraform(topic: string, url?: string): Anchor {
  return url === undefined ? { source: "Terraform", id: topic } : { source: "Terraform", id: topic, url };
}
