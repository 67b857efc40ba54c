/**
 * Every export of the library is documented the way conventions.md asks: a TSDoc comment on each exported construct
 * (class), props interface and public member, and on every prop: an optional prop says its default with `@default`.
 * "A prop" is a member of an exported `*Props` interface or of an interface such a prop's type names (the nested option
 * types: a statement in `statements`, the scope in `scope`), found through the type references in the source.
 * Result types (`PolicyResult`, what a method returns) are not props: their optional members have no default.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";
import { moduleSources, where, type ModuleSource } from "./module-sources";

const files = moduleSources();

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDocComment(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0));
}

function hasDefaultTag(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "default" && ts.getTextOfJSDocComment(tag.comment)?.trim() !== "undefined");
}

interface Declared<T extends ts.Node> {
  readonly file: ModuleSource;
  readonly node: T;
}

function exportedDeclarations<T extends ts.Node>(guard: (node: ts.Node) => node is T): Declared<T>[] {
  return files.flatMap((file) =>
    file.source.statements.filter((s): s is ts.Statement & T => guard(s) && isExported(s)).map((node) => ({ file, node })),
  );
}

const classes = exportedDeclarations(ts.isClassDeclaration);
const interfaces = exportedDeclarations(ts.isInterfaceDeclaration);
const interfacesByName = new Map(interfaces.map((i) => [i.node.name.text, i]));

/** The names of the types a node mentions (type references and heritage clauses), for the walk from props to option types. */
function referencedNames(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeReferenceNode(n)) names.push(n.typeName.getText().split(".").pop() ?? "");
    if (ts.isExpressionWithTypeArguments(n)) names.push(n.expression.getText().split(".").pop() ?? "");
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** The exported `*Props` interfaces and every exported interface their members' types reach. */
function propsInterfaces(): Declared<ts.InterfaceDeclaration>[] {
  const seen = new Map<string, Declared<ts.InterfaceDeclaration>>();
  const queue = interfaces.filter((i) => i.node.name.text.endsWith("Props"));
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || seen.has(next.node.name.text)) continue;
    seen.set(next.node.name.text, next);
    for (const name of referencedNames(next.node)) {
      const found = interfacesByName.get(name);
      if (found !== undefined && !seen.has(name)) queue.push(found);
    }
  }
  return [...seen.values()];
}

/**
 * The members of a props interface, and those of the object types written inline in their types (`scope: { ... }`,
 * `autoscale?: { minWorkers: number; ... }`, an array or union of such), each with the name a reader sees.
 */
function propMembers(node: ts.InterfaceDeclaration): { member: ts.TypeElement; name: string }[] {
  const members: { member: ts.TypeElement; name: string }[] = [];
  const collect = (elements: ts.NodeArray<ts.TypeElement>, prefix: string): void => {
    for (const member of elements) {
      const name = `${prefix}.${member.name?.getText() ?? "?"}`;
      members.push({ member, name });
      const visit = (n: ts.Node): void => {
        if (ts.isTypeLiteralNode(n)) collect(n.members, name);
        else ts.forEachChild(n, visit);
      };
      if (ts.isPropertySignature(member) && member.type) visit(member.type);
    }
  };
  collect(node.members, node.name.text);
  return members;
}

function isPublicMember(member: ts.ClassElement): boolean {
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return false;
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  return !modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
}

describe("the library's documentation", () => {
  const props = propsInterfaces();

  it("finds the exported constructs and props to check", () => {
    expect(classes.length).toBeGreaterThan(50);
    expect(props.filter((p) => p.node.name.text.endsWith("Props")).length).toBeGreaterThan(50);
  });

  it("has a TSDoc comment on every exported declaration (classes, interfaces, functions, constants, types)", () => {
    const others = exportedDeclarations(
      (n): n is ts.FunctionDeclaration | ts.VariableStatement | ts.TypeAliasDeclaration | ts.EnumDeclaration =>
        ts.isFunctionDeclaration(n) || ts.isVariableStatement(n) || ts.isTypeAliasDeclaration(n) || ts.isEnumDeclaration(n),
    );
    const missing = [...classes, ...interfaces, ...others].filter((d) => !hasDocComment(d.node)).map((d) => where(d.file, d.node));
    expect(missing).toEqual([]);
  });

  it("has a TSDoc comment on every public member of an exported class (its outputs and methods)", () => {
    const missing = classes.flatMap(({ file, node }) =>
      node.members
        .filter((m) => (ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && isPublicMember(m))
        .filter((m) => !hasDocComment(m))
        .map((m) => `${where(file, m)} ${node.name?.text}.${m.name?.getText()}`),
    );
    expect(missing).toEqual([]);
  });

  it("has a TSDoc comment on every prop, nested ones in inline object types included", () => {
    const missing = props.flatMap(({ file, node }) =>
      propMembers(node)
        .filter(({ member }) => !hasDocComment(member))
        .map(({ member, name }) => `${where(file, member)} ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("documents the default of every optional prop with @default, nested ones in inline object types included", () => {
    const missing = props.flatMap(({ file, node }) =>
      propMembers(node)
        .filter(({ member }) => ts.isPropertySignature(member) && member.questionToken !== undefined && !hasDefaultTag(member))
        .map(({ member, name }) => `${where(file, member)} ${name}`),
    );
    expect(missing).toEqual([]);
  });

  // A contract field is documented twice: by TSDoc on the interface (what a typed reader of the contract sees, in the
  // declarations and the API docs) and by its `description` in the `defineLayerContract` call (what `terraform output`
  // and the state show).
  it("documents every field of the layer contracts the package exports (stacks/*/outputs.ts), in TSDoc and in its description", () => {
    const contracts: ModuleSource[] = readdirSync(join(REPO_ROOT, "stacks"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `stacks/${entry.name}/outputs.ts`)
      .filter((path) => existsSync(join(REPO_ROOT, path)))
      .map((path) => ({ path, source: ts.createSourceFile(path, readFileSync(join(REPO_ROOT, path), "utf8"), ts.ScriptTarget.ES2022, true) }));
    expect(contracts.length).toBeGreaterThanOrEqual(5);
    const missing = contracts.flatMap((file) => {
      const described = describedContractFields(file);
      return file.source.statements
        .filter((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && isExported(s))
        .flatMap((node) => [
          ...(hasDocComment(node) ? [] : [`${where(file, node)} ${node.name.text}: no TSDoc`]),
          ...node.members.flatMap((m) => [
            ...(hasDocComment(m) ? [] : [`${where(file, m)} ${node.name.text}.${m.name?.getText()}: no TSDoc`]),
            ...(described.has(m.name?.getText() ?? "") ? [] : [`${where(file, m)} ${node.name.text}.${m.name?.getText()}: no description`]),
          ]),
        ]);
    });
    expect(missing).toEqual([]);
  });
});

/** The fields of a `defineLayerContract` call in `file` that have a non-empty `description`. */
function describedContractFields(file: ModuleSource): Set<string> {
  const described = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === "defineLayerContract") {
      const fields = node.arguments[1];
      if (fields && ts.isObjectLiteralExpression(fields)) {
        for (const field of fields.properties) {
          if (!ts.isPropertyAssignment(field) || !ts.isObjectLiteralExpression(field.initializer)) continue;
          const description = field.initializer.properties.find((p) => p.name?.getText() === "description");
          if (
            description &&
            ts.isPropertyAssignment(description) &&
            ts.isStringLiteralLike(description.initializer) &&
            description.initializer.text.trim() !== ""
          ) {
            described.add(field.name.getText());
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return described;
}
