#!/usr/bin/env node
// test/fixtures/tabular/houses-train.parquet: houses-train.csv written as Parquet (hyparquet-writer),
// numbers as INT32/DOUBLE columns, text as strings, missing cells as nulls.
// Run: node scripts/oracles/make_parquet_fixture.mjs   (after make_tabular_fixtures.py)
import { readFileSync, writeFileSync } from "node:fs";
import { parquetWriteBuffer } from "hyparquet-writer";

const dir = new URL("../../test/fixtures/tabular/", import.meta.url);
const [header, ...lines] = readFileSync(new URL("houses-train.csv", dir), "utf8").trimEnd().split("\n");
const names = header.split(",");
const rows = lines.map((l) => l.split(","));
const missing = new Set(["", "NA", "?"]);
const columnData = names.map((name, j) => {
  const cells = rows.map((r) => r[j]);
  const numeric = cells.every((c) => missing.has(c) || Number.isFinite(Number(c)));
  const integer = numeric && cells.every((c) => missing.has(c) || Number.isInteger(Number(c)));
  const data = cells.map((c) => (missing.has(c) ? null : numeric ? Number(c) : c));
  return { name, data, type: integer ? "INT32" : numeric ? "DOUBLE" : "STRING", nullable: true };
});
writeFileSync(new URL("houses-train.parquet", dir), new Uint8Array(parquetWriteBuffer({ columnData })));
