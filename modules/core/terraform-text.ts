/**
 * Literal text that goes into a Terraform string: every string Terraform reads is a template, so `${` and `%{` in
 * text meant for AWS (IoT substitution templates, SQL or shell in a script) must be escaped.
 */
import { Token } from "cdktf";

/**
 * Escapes Terraform template sequences (`${` and `%{`) in a literal string as `$${` and `%%{`, so Terraform passes it
 * on unchanged (`$${newuuid()}` reaches AWS as `${newuuid()}`). Unresolved tokens are returned as they are: escaping
 * would break the reference.
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTerraformTemplate(value: string): string {
  if (Token.isUnresolved(value)) return value;
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
