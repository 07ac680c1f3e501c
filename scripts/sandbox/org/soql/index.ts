/**
 * A pure SOQL evaluator over the emulator's in-memory org, covering what the product's queries use
 * (the Lambda's VoiceCall and routing-map queries, the Apex controller's queries as the preview runs
 * them): `parse` checks the query against the schema as Salesforce does, `where` filters, `result`
 * sorts, limits and shapes the records; `paths` follows relationships and `literals` decodes values.
 * No I/O: the HTTP routes live in `../query-cursors.ts`.
 */
import type { OrgData } from '../../sample-data';
import type { Schema } from '../schema';
import { parseSoql } from './parse';
import { buildIndex } from './paths';
import { project, sortRecords, type QueryRecord } from './result';

export { parseSfDateTime } from './literals';
export type { QueryRecord, RecordAttributes } from './result';

/** What the evaluator needs besides the query and the data. */
export interface SoqlEvalOptions {
  schema: Schema;
  /** The clock date literals (LAST_N_DAYS:n) are relative to. */
  now: Date;
  /** Used in each record's `attributes.url`; default '62.0'. */
  apiVersion?: string;
}

/** The evaluated query: every matching record (paging is the HTTP layer's business). */
export interface SoqlResult {
  /** Canonical API name of the queried object. */
  sObject: string;
  /** Matching rows, or the count for `SELECT COUNT()`. */
  totalSize: number;
  /** Projected records; empty for `SELECT COUNT()`, as Salesforce returns it. */
  records: QueryRecord[];
}

/**
 * Parses and evaluates `soql` over `data`.
 * @throws SalesforceError with Salesforce's error code (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE,
 *   INVALID_QUERY_FILTER_OPERATOR) when Salesforce would reject the query, and MALFORMED_QUERY for
 *   what the emulator does not model
 */
export function evaluateSoql(soql: string, data: OrgData, options: SoqlEvalOptions): SoqlResult {
  const query = parseSoql(soql, options.schema, options.now);
  const index = buildIndex(data, options.schema);
  const matching = (data[query.object.name] ?? []).filter((r) => query.where(r, index));
  const rows = sortRecords(matching, query.order, index).slice(0, query.limit);
  if (query.count) return { sObject: query.object.name, totalSize: rows.length, records: [] };
  const apiVersion = options.apiVersion ?? '62.0';
  return {
    sObject: query.object.name,
    totalSize: rows.length,
    records: rows.map((r) => project(r, query.object, query.select, index, apiVersion)),
  };
}
