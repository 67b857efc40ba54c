// The part of js-yaml (a devDependency, without type declarations of its own) that the workflow tests use.
declare module "js-yaml" {
  export function load(text: string, options?: { filename?: string }): unknown;
}
