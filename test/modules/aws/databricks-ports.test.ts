import {
  CONTROL_PLANE_API_PORT,
  DATABRICKS_CONTROL_PLANE_PORTS,
  FIPS_SCC_PORT,
  HTTPS_PORT,
  LAKEBASE_PORT,
  LEGACY_HIVE_METASTORE_PORT,
  portRangeLabel,
  RESERVED_PORT_RANGE,
  SCC_RELAY_PORT,
  UC_LINEAGE_PORT,
} from "../../../modules/aws/databricks-ports";

function expand(ranges: readonly { from: number; to: number }[]): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i)).sort((a, b) => a - b);
}

describe("Databricks ports", () => {
  it("names each port with the value the reference architecture uses", () => {
    expect([HTTPS_PORT, FIPS_SCC_PORT, LAKEBASE_PORT, SCC_RELAY_PORT, CONTROL_PLANE_API_PORT, UC_LINEAGE_PORT]).toEqual([
      443, 2443, 5432, 6666, 8443, 8444,
    ]);
    expect(RESERVED_PORT_RANGE).toEqual({ from: 8445, to: 8451 });
    expect(LEGACY_HIVE_METASTORE_PORT).toBe(3306);
  });

  it("lists exactly the control plane ports, without the legacy Hive metastore", () => {
    expect(expand(DATABRICKS_CONTROL_PLANE_PORTS)).toEqual([443, 2443, 5432, 6666, 8443, 8444, 8445, 8446, 8447, 8448, 8449, 8450, 8451]);
    expect(expand(DATABRICKS_CONTROL_PLANE_PORTS)).not.toContain(3306);
  });

  it("labels a single port by its number and a range by its ends", () => {
    expect(portRangeLabel({ from: 443, to: 443 })).toBe("443");
    expect(portRangeLabel(RESERVED_PORT_RANGE)).toBe("8445-8451");
  });
});
