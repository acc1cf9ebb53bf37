// Compares what schema.prisma declares with what the migrated database really has:
// tables, columns, column types, nullability, indexes (primary, unique, plain),
// foreign keys and enums. Prisma's own diff needs the native schema engine, which is
// not available everywhere we run, so the schema is read through Prisma's wasm DMMF.
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as DMMF from "@prisma/dmmf";
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";

export interface SchemaDescription {
  enums: Map<string, string[]>;
  /** table → column → "type NULL|NOT NULL" */
  tables: Map<string, Map<string, string>>;
  /** "table: unique(a,b)" style descriptions */
  indexes: Set<string>;
  foreignKeys: Set<string>;
}

export const defaultSchemaPath = path.join(import.meta.dirname, "..", "..", "prisma", "schema.prisma");

const scalarTypes: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Decimal: "numeric(65,30)",
  Bytes: "bytea",
};

const nativeTypes: Record<string, (args: string[]) => string> = {
  Text: () => "text",
  VarChar: (a) => (a[0] ? `character varying(${a[0]})` : "character varying"),
  Char: (a) => `character(${a[0] ?? 1})`,
  Uuid: () => "uuid",
  Integer: () => "integer",
  SmallInt: () => "smallint",
  BigInt: () => "bigint",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (a) => (a.length ? `numeric(${a.join(",")})` : "numeric"),
  Timestamp: (a) => `timestamp(${a[0] ?? 3}) without time zone`,
  Timestamptz: (a) => `timestamp(${a[0] ?? 3}) with time zone`,
  Date: () => "date",
  JsonB: () => "jsonb",
  Json: () => "json",
  Inet: () => "inet",
  ByteA: () => "bytea",
  Boolean: () => "boolean",
};

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function describePrismaSchema(schemaText: string): SchemaDescription {
  const result = getDMMF({ datamodel: schemaText });
  if ("type" in result && "reason" in result) throw new Error(`schema.prisma is invalid: ${result.reason}`);
  const dmmf = result as DMMF.Document;
  const enums = new Map<string, string[]>();
  for (const e of dmmf.datamodel.enums)
    enums.set(
      e.dbName ?? e.name,
      e.values.map((v) => v.dbName ?? v.name),
    );
  const enumDbName = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelsByName = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const tables = new Map<string, Map<string, string>>();
  const indexes = new Set<string>();
  const foreignKeys = new Set<string>();
  const column = (model: DMMF.Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns = new Map<string, string>();
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields?.length) {
          const target = modelsByName.get(field.type);
          if (!target)
            throw new Error(`relation ${model.name}.${field.name} points at unknown model ${field.type}`);
          const optional = field.relationFromFields.some(
            (name) => !model.fields.find((f) => f.name === name)?.isRequired,
          );
          const onDelete = (field.relationOnDelete ?? (optional ? "SetNull" : "Restrict")).toLowerCase();
          foreignKeys.add(
            `${table}(${field.relationFromFields.map((f) => column(model, f)).join(",")}) -> ` +
              `${target.dbName ?? target.name}(${(field.relationToFields ?? []).map((f) => column(target, f)).join(",")}) on delete ${onDelete}`,
          );
        }
        continue;
      }
      let type: string;
      if (field.kind === "enum") type = quoteIdent(enumDbName.get(field.type) ?? field.type);
      else if (field.nativeType) {
        const [name, args] = field.nativeType as [string, string[]];
        const map = nativeTypes[name];
        if (!map)
          throw new Error(`schema-drift: native type @db.${name} has no mapping yet; add it to nativeTypes`);
        type = map(args);
      } else {
        const mapped = scalarTypes[field.type];
        if (!mapped) throw new Error(`schema-drift: scalar type ${field.type} has no mapping yet`);
        type = mapped;
      }
      if (field.isList) type += "[]";
      // Prisma Migrate creates scalar lists as nullable array columns (`TEXT[]`), required or not.
      columns.set(
        field.dbName ?? field.name,
        `${type} ${field.isRequired && !field.isList ? "NOT NULL" : "NULL"}`,
      );
    }
    tables.set(table, columns);
  }
  for (const index of dmmf.datamodel.indexes) {
    const model = modelsByName.get(index.model);
    if (!model) continue;
    const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
    indexes.add(
      `${model.dbName ?? model.name}: ${kind}(${index.fields.map((f) => column(model, f.name)).join(",")})`,
    );
  }
  return { enums, tables, indexes, foreignKeys };
}

const deleteActions: Record<string, string> = {
  a: "noaction",
  r: "restrict",
  c: "cascade",
  n: "setnull",
  d: "setdefault",
};

export async function describeDatabase(databaseUrl: string): Promise<SchemaDescription> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const enums = new Map<string, string[]>();
    const enumRows = await client.query<{ name: string; labels: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() GROUP BY t.typname`);
    for (const row of enumRows.rows) enums.set(row.name, row.labels);

    const tables = new Map<string, Map<string, string>>();
    const columnRows = await client.query<{ table: string; column: string; type: string; notnull: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`);
    for (const row of columnRows.rows) {
      const columns = tables.get(row.table) ?? new Map<string, string>();
      columns.set(row.column, `${row.type} ${row.notnull ? "NOT NULL" : "NULL"}`);
      tables.set(row.table, columns);
    }

    const indexes = new Set<string>();
    const indexRows = await client.query<{
      table: string;
      unique: boolean;
      primary: boolean;
      columns: string[];
    }>(`
      SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
        array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
      FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
    for (const row of indexRows.rows) {
      const kind = row.primary ? "primary" : row.unique ? "unique" : "index";
      indexes.add(`${row.table}: ${kind}(${row.columns.join(",")})`);
    }

    const foreignKeys = new Set<string>();
    const fkRows = await client.query<{
      table: string;
      columns: string[];
      target: string;
      targetColumns: string[];
      deltype: string;
    }>(`
      SELECT t.relname AS table, rt.relname AS target, c.confdeltype AS deltype,
        array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.ord) AS columns,
        array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.ord) AS "targetColumns"
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`);
    for (const row of fkRows.rows) {
      foreignKeys.add(
        `${row.table}(${row.columns.join(",")}) -> ${row.target}(${row.targetColumns.join(",")}) on delete ${deleteActions[row.deltype] ?? row.deltype}`,
      );
    }
    return { enums, tables, indexes, foreignKeys };
  } finally {
    await client.end();
  }
}

/** Every difference as a sentence; empty when schema.prisma and the database agree. */
export function diffSchemas(expected: SchemaDescription, actual: SchemaDescription): string[] {
  const differences: string[] = [];
  for (const [name, values] of expected.enums) {
    const found = actual.enums.get(name);
    if (!found) differences.push(`enum ${name} is in schema.prisma but not in the database`);
    else if (found.join(",") !== values.join(","))
      differences.push(`enum ${name}: schema has [${values.join(", ")}], database has [${found.join(", ")}]`);
  }
  for (const name of actual.enums.keys())
    if (!expected.enums.has(name))
      differences.push(`enum ${name} is in the database but not in schema.prisma`);
  for (const [table, columns] of expected.tables) {
    const found = actual.tables.get(table);
    if (!found) {
      differences.push(`table ${table} is in schema.prisma but not in the database`);
      continue;
    }
    for (const [column, type] of columns) {
      const foundType = found.get(column);
      if (!foundType)
        differences.push(`column ${table}.${column} is in schema.prisma but not in the database`);
      else if (foundType !== type)
        differences.push(`column ${table}.${column}: schema says ${type}, database has ${foundType}`);
    }
    for (const column of found.keys())
      if (!columns.has(column))
        differences.push(`column ${table}.${column} is in the database but not in schema.prisma`);
  }
  for (const table of actual.tables.keys())
    if (!expected.tables.has(table))
      differences.push(`table ${table} is in the database but not in schema.prisma`);
  const diffSet = (label: string, a: Set<string>, b: Set<string>) => {
    for (const item of a)
      if (!b.has(item)) differences.push(`${label} ${item} is in schema.prisma but not in the database`);
    for (const item of b)
      if (!a.has(item)) differences.push(`${label} ${item} is in the database but not in schema.prisma`);
  };
  diffSet("index", expected.indexes, actual.indexes);
  diffSet("foreign key", expected.foreignKeys, actual.foreignKeys);
  return differences;
}

export async function findSchemaDrift(
  databaseUrl: string,
  schemaPath: string = defaultSchemaPath,
): Promise<string[]> {
  return diffSchemas(
    describePrismaSchema(readFileSync(schemaPath, "utf8")),
    await describeDatabase(databaseUrl),
  );
}
