/**
 * Terraform state: every stack keeps it remote, encrypted and locked.
 */
import { RulePack } from "../pack";
import { fail, PASS, StackRule } from "../rule";
import { isSet, isTrue } from "../values";
import { terraform } from "./anchors";

const remoteBackend: StackRule = {
  id: "STATE-REMOTE-BACKEND",
  pack: "state",
  scope: "stack",
  severity: "high",
  title: "Every stack has a remote, encrypted, locked backend",
  rationale:
    "State holds every resource's attributes (some sensitive); local state is lost with the machine and concurrent applies corrupt unlocked state",
  anchors: [terraform("S3 backend: encrypt, use_lockfile", "https://developer.hashicorp.com/terraform/language/backend/s3")],
  inspects: ["terraform.backend", "terraform.cloud"],
  fix: 'add an S3Backend with encrypt = true and use_lockfile = true (backend.addOverride("use_lockfile", true)), or use the cloud backend',
  notes: "Accepted: backend s3 with encrypt and (use_lockfile or dynamodb_table); backend remote; the cloud block.",
  check: (ctx) => {
    const backend = ctx.model.backend();
    if (!backend || backend.type === "local") {
      return fail("the stack has no remote backend, so its state stays on the machine that applies it");
    }
    if (backend.type === "cloud" || backend.type === "remote") {
      return PASS;
    }
    if (backend.type !== "s3") {
      return fail(`the ${backend.type} backend is not one of the approved backends (s3, cloud)`);
    }
    const problems = [
      isTrue(backend.attrs.encrypt) ? undefined : "encrypt is not true",
      isTrue(backend.attrs.use_lockfile) || isSet(backend.attrs.dynamodb_table) ? undefined : "neither use_lockfile nor dynamodb_table locks it",
    ].filter((p): p is string => p !== undefined);
    return problems.length === 0 ? PASS : fail(`the S3 backend is not safe: ${problems.join(" and ")}`);
  },
};

/** The state pack. */
export const STATE_PACK: RulePack = {
  name: "state",
  description: "Remote, encrypted, locked Terraform state",
  rules: [remoteBackend],
};
