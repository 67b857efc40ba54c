import { CatalogSchema } from "../../../../modules/databricks/unity-catalog/catalog-schema";
import { Token } from "cdktf";

describe("CatalogSchema.fromFullName", () => {
  it("refers to a schema by `catalog.schema` without creating anything", () => {
    expect(CatalogSchema.fromFullName("lakehouse_prod_main.gold")).toEqual({
      catalogName: "lakehouse_prod_main",
      schemaName: "gold",
      fullName: "lakehouse_prod_main.gold",
    });
  });

  it.each(["gold", "a.b.c", "Main.gold", "main.", "main.gold-x"])("refuses %s, which is not a full schema name", (name) => {
    expect(() => CatalogSchema.fromFullName(name)).toThrow(/^CatalogSchema.fromFullName: fullName: /);
  });

  it("refuses a token, which has no parts to read", () => {
    expect(() => CatalogSchema.fromFullName(Token.asString({ Ref: "x" }))).toThrow(/is a token/);
  });
});
