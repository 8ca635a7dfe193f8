#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0 OR MIT
/**
 * schema-engine.mjs: a stand-in for Prisma's native `schema-engine` binary,
 * backed by the WebAssembly build of the very same engine.
 *
 * Why: every Prisma CLI command that needs the schema engine (generate, migrate *,
 * db *) first downloads a native `schema-engine` binary from Prisma's CDN. Where that
 * CDN cannot be reached (this project's dev machines and CI), the CLI fails before
 * doing anything. Prisma also publishes the engine as WebAssembly: the CLI package
 * ships `prisma/build/schema_engine_bg.wasm`, and `@prisma/schema-engine-wasm` has
 * its wasm-bindgen JS glue. This script speaks the native binary's command-line and
 * JSON-RPC protocol and forwards every request to the wasm engine, which talks to
 * PostgreSQL through `@prisma/adapter-pg`. `prisma.config.ts` points
 * PRISMA_SCHEMA_ENGINE_BINARY at this file. See README.md next to it.
 *
 * Interface (the subset of the native binary that the Prisma 7 CLI uses):
 *   schema-engine --version
 *   schema-engine --datasource '{"url":"postgresql://..."}' cli can-connect-to-database
 *   schema-engine --datasource '{"url":"postgresql://..."}' cli create-database
 *   schema-engine --datasource '{"url":"postgresql://..."}' cli drop-database
 *   schema-engine [--datamodels <file>]... [--datasource <json>]   (JSON-RPC 2.0 on stdio)
 *
 * Protocol notes:
 * - stdout carries only JSON-RPC messages, one JSON object per line. Everything else
 *   (logs, warnings) goes to stderr as JSON log lines in the native engine's format
 *   ({"level","fields":{"message"},"target"}), which the CLI collects for error reports.
 * - For the `cli` subcommands the CLI skips the first stderr line and parses every
 *   following line as JSON; an ERROR line from target `schema_engine::logger` with
 *   `fields.error_code` is turned into a P-code error (P1003 makes `migrate dev`
 *   create the missing database).
 * - `diff` output is sent to the CLI as a JSON-RPC *request* `print`, exactly like the
 *   native engine does; the CLI writes it to its own stdout and answers.
 * - Errors are returned as {code: 4466, message, data: {is_panic, message, error_code, meta}}.
 *
 * Four traps of the wasm engine + adapter-pg combination are handled here:
 * 1. adapter-pg cannot decode PostgreSQL `"char"` columns (OID 18), which the engine's
 *    catalog queries return. A pg Client subclass reports OID 18 as text (OID 25).
 * 2. adapter-pg's connectToShadowDb() with a `connectionString` config connects to
 *    the MAIN database (pg lets connectionString override `database`), so `migrate dev`
 *    could wipe it. We only ever pass parsed connection fields, never a connection
 *    string, and create/connect/drop the shadow database ourselves.
 * 3. adapter-pg drops the temporary shadow database before closing its pool, which
 *    fails ("being accessed by other users") and leaves an orphan. We close the pool
 *    first, then drop (with retries), and drop leftovers on shutdown.
 * 4. The engine takes session-level advisory locks and relies on the connection
 *    closing to release them: every pool has exactly one connection (max: 1) that is
 *    never idled out.
 * Plus: adapter-pg's executeScript() splits scripts on every ";" (breaking strings,
 * comments and function bodies). Like the native engine, we send a migration script
 * to PostgreSQL as ONE simple-protocol query, so it runs in one implicit transaction.
 *
 * The database password is never printed: log lines only name host:port/database and
 * anything that looks like a connection URL in an outgoing message is redacted.
 *
 * Environment knobs (all optional):
 *   SCHEMA_ENGINE_STANDIN_WASM   path to a schema_engine_bg.wasm to use instead of the CLI's
 *   SCHEMA_ENGINE_STANDIN_DEBUG  "1": log every JSON-RPC method name to stderr
 *
 * Plain ESM JavaScript for Node >= 20, no build step. Dependencies (root devDependencies):
 * prisma, @prisma/schema-engine-wasm, @prisma/adapter-pg, @prisma/driver-adapter-utils, pg.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const LOG_TARGET = 'schema_engine_wasm_standin';
const SHADOW_DB_PREFIX = 'prisma_migrate_shadow_db_';
const DEBUG = process.env.SCHEMA_ENGINE_STANDIN_DEBUG === '1';

// ---------------------------------------------------------------------------
// Logging (stderr only; stdout is reserved for the JSON-RPC channel)
// ---------------------------------------------------------------------------

/** Replace anything that looks like credentials in a connection URL. */
function redact(text) {
  if (typeof text !== 'string') return text;
  // scheme://user:password@host  ->  scheme://user:***@host
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:)[^\s@'"`]*@/gi, '$1***@');
}

/** Write one log line in the native engine's JSON log format. */
function log(level, message, extraFields = {}) {
  const line = {
    timestamp: new Date().toISOString(),
    level,
    fields: { message: redact(String(message)), ...extraFields },
    target: LOG_TARGET,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

// Node warnings (e.g. from pg-connection-string) would otherwise be printed as
// plain text on stderr, which breaks the CLI's line-by-line JSON parsing.
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  log('WARN', `${type ?? 'Warning'}: ${warning instanceof Error ? warning.message : warning}`);
};

// ---------------------------------------------------------------------------
// Module resolution: everything is resolved from this script's location, i.e. the
// repository root's node_modules. pg is taken from @prisma/adapter-pg's own
// dependency tree so that `instanceof pg.Pool` checks inside the adapter hold.
// ---------------------------------------------------------------------------

let _deps;
function deps() {
  if (_deps) return _deps;
  const adapterEntry = require.resolve('@prisma/adapter-pg');
  const requireFromAdapter = createRequire(adapterEntry);
  const pg = requireFromAdapter('pg');
  const requireFromPg = createRequire(requireFromAdapter.resolve('pg'));
  const { parse: parseConnectionString } = requireFromPg('pg-connection-string');
  _deps = { pg, parseConnectionString, adapterEntry };
  return _deps;
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, version: false, help: false, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--version':
      case '-V':
        args.version = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--datamodels':
      case '-d':
        args.datamodels.push(value());
        break;
      case '--datasource':
        args.datasource = value();
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        // Accepted for compatibility; the wasm engine takes neither.
        value();
        break;
      case 'cli':
        args.cli = argv[i + 1];
        if (!args.cli) throw new UsageError('missing subcommand after `cli`');
        i = argv.length;
        break;
      default:
        throw new UsageError(`unknown argument: ${a}`);
    }
  }
  return args;
}

class UsageError extends Error {}

const HELP = `schema-engine (WebAssembly stand-in, see scripts/prisma-engine/README.md)

Usage:
  schema-engine --version
  schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>
  schema-engine [--datamodels <schema.prisma>]... [--datasource <json>]   JSON-RPC 2.0 over stdio
`;

/** The --datasource argument: {"url": "...", "shadowDatabaseUrl"?: "..."}. */
function parseDatasourceArg(raw) {
  if (raw === undefined) return {};
  let ds;
  try {
    ds = JSON.parse(raw);
  } catch {
    throw new UsageError('--datasource is not valid JSON');
  }
  if (typeof ds === 'string') return { url: ds };
  return ds && typeof ds === 'object' ? ds : {};
}

// ---------------------------------------------------------------------------
// PostgreSQL connection settings
// ---------------------------------------------------------------------------

/**
 * Turn a postgres:// URL into explicit pg connection fields (never a connectionString:
 * see trap 2). Prisma-specific query parameters are interpreted or dropped.
 */
function connectionFromUrl(url) {
  if (typeof url !== 'string' || url.length === 0) {
    throw new EngineError('The datasource URL is empty. Set DATABASE_URL or `datasource.url` in prisma.config.ts.', 'P1012');
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new EngineError('This schema engine stand-in only supports PostgreSQL URLs (postgresql://...). ' + 'Set PRISMA_SCHEMA_ENGINE_BINARY to a native schema-engine for other databases.', 'P1013');
  }
  let parsed;
  try {
    parsed = deps().parseConnectionString(url);
  } catch {
    throw new EngineError('The provided database string is invalid: the URL could not be parsed.', 'P1013');
  }
  const fields = {};
  for (const key of ['user', 'password', 'host', 'database', 'ssl', 'options', 'application_name', 'client_encoding']) {
    if (parsed[key] !== undefined && parsed[key] !== null && parsed[key] !== '') fields[key] = parsed[key];
  }
  fields.host ??= 'localhost';
  fields.port = parsed.port ? Number(parsed.port) : 5432;
  fields.database ??= 'postgres';
  // Prisma's connect_timeout is in seconds (default 5); pg wants milliseconds.
  const connectTimeout = Number(parsed.connect_timeout ?? 5);
  fields.connectionTimeoutMillis = Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout * 1000 : 0;
  const schema = typeof parsed.schema === 'string' && parsed.schema !== '' ? parsed.schema : undefined;
  if (schema && fields.options === undefined) fields.options = `-c search_path=${quoteIdent(schema)}`;
  return { fields, schema, where: `${fields.host}:${fields.port}`, database: fields.database };
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run `fn(client)` on a short-lived dedicated connection. */
async function withClient(fields, fn) {
  const { pg } = deps();
  const client = new pg.Client(fields);
  client.on('error', (e) => log('WARN', `connection error: ${e.message}`));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connect to a maintenance database of the same server (postgres, then template1). */
async function withMaintenanceClient(fields, fn) {
  try {
    return await withClient({ ...fields, database: 'postgres' }, fn);
  } catch (e) {
    if (e?.code !== '3D000') throw e;
    return await withClient({ ...fields, database: 'template1' }, fn);
  }
}

/**
 * DROP DATABASE with retries: a backend whose client just disconnected can linger for
 * a moment. PostgreSQL >= 13 gets WITH (FORCE) as the last resort.
 */
async function dropDatabase(adminFields, name) {
  let lastError;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const force = attempt === 5;
      await withClient(adminFields, async (c) => {
        const suffix = force && (await serverVersionNum(c)) >= 130000 ? ' WITH (FORCE)' : '';
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${suffix}`);
      });
      return;
    } catch (e) {
      lastError = e;
      if (e?.code !== '55006') break; // only "being accessed by other users" is worth retrying
      await sleep(200 * (attempt + 1));
    }
  }
  throw lastError;
}

async function serverVersionNum(client) {
  const { rows } = await client.query('SHOW server_version_num');
  return Number(rows[0].server_version_num);
}

// ---------------------------------------------------------------------------
// pg pools for the engine (traps 1 and 4)
// ---------------------------------------------------------------------------

/** The PostgreSQL error of the last failed script (migration), for error reporting. */
let lastScriptError = null;

const OID_CHAR = 18;
const OID_TEXT = 25;
const openPools = new Set();
const liveShadowDatabases = new Map(); // name -> admin connection fields

function fixCharColumns(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of r?.fields ?? []) if (f.dataTypeID === OID_CHAR) f.dataTypeID = OID_TEXT;
  }
  return result;
}

let _CharAsTextClient;
/** pg.Client whose results report `"char"` (OID 18) columns as text (trap 1). */
function CharAsTextClient() {
  if (_CharAsTextClient) return _CharAsTextClient;
  const { pg } = deps();
  _CharAsTextClient = class extends pg.Client {
    constructor(config) {
      // The pool's connectionTimeoutMillis is its checkout timeout; the connect timeout
      // travels separately (see createPool).
      super({ ...config, connectionTimeoutMillis: config?.standinConnectTimeoutMillis ?? config?.connectionTimeoutMillis });
    }

    query(config, values, callback) {
      if (typeof values === 'function') {
        callback = values;
        values = undefined;
      }
      if (typeof callback === 'function') {
        return super.query(config, values, (err, res) => callback(err, err ? res : fixCharColumns(res)));
      }
      const r = super.query(config, values);
      return r && typeof r.then === 'function' ? r.then(fixCharColumns) : r;
    }
  };
  return _CharAsTextClient;
}

/** A pool of exactly one long-lived connection (trap 4). */
function createPool(fields) {
  const { pg } = deps();
  const pool = new pg.Pool({
    ...fields,
    max: 1,
    idleTimeoutMillis: 0, // never close the connection that holds the advisory lock
    // Waiting for the single connection: generous, so a long statement never trips it,
    // but finite, so an unexpected nested query fails instead of hanging forever.
    connectionTimeoutMillis: 10 * 60_000,
    standinConnectTimeoutMillis: fields.connectionTimeoutMillis,
    Client: CharAsTextClient(),
  });
  pool.on('error', (e) => log('WARN', `idle connection error: ${e.message}`));
  openPools.add(pool);
  return pool;
}

/**
 * A PrismaPg factory that is safe for migrations (traps 1-4): parsed fields only,
 * one-connection pools, whole-script execution, and its own shadow database handling.
 */
async function makeAdapterFactory(datasource) {
  // ESM and CJS resolve to the same real files, so this PrismaPg and deps().pg share one `pg`.
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } = await import('@prisma/driver-adapter-utils');

  class MigrationSafePrismaPg extends PrismaPg {
    constructor(main, shadow) {
      // Parsed fields, never { connectionString } (trap 2).
      super(main ? main.fields : {}, main?.schema ? { schema: main.schema } : undefined);
      this.main = main;
      this.shadow = shadow;
    }

    /** Wrap a one-connection pool into an adapter-pg adapter. */
    async adapterFor(conn, afterClose) {
      const pool = createPool(conn.fields);
      const inner = new PrismaPg(pool, {
        ...(conn.schema ? { schema: conn.schema } : {}),
        disposeExternalPool: true,
      });
      const adapter = await inner.connect();
      // Run scripts as ONE simple-protocol query, like the native engine (adapter-pg
      // would split on every ";", breaking strings, comments and $$ bodies).
      adapter.executeScript = async function executeScript(script) {
        try {
          await pool.query(script);
        } catch (e) {
          lastScriptError = { error: e, shadow: Boolean(conn.shadow) };
          if (typeof e?.code === 'string' && typeof e?.severity === 'string') {
            // Keep PostgreSQL's own code and message (the engine renders these verbatim).
            throw new DriverAdapterError({
              kind: 'postgres',
              code: e.code,
              severity: e.severity,
              message: e.message,
              detail: e.detail,
              column: e.column,
              hint: e.hint,
            });
          }
          this.onError(e); // socket/TLS errors: adapter-pg's own mapping
        }
      };
      const dispose = adapter.dispose.bind(adapter);
      let disposed = false;
      adapter.dispose = async () => {
        if (disposed) return;
        disposed = true;
        try {
          await dispose(); // ends the pool first ...
        } finally {
          openPools.delete(pool);
          if (afterClose) await afterClose(); // ... then drops the shadow database (trap 3)
        }
      };
      return adapter;
    }

    async connect() {
      if (!this.main) {
        throw new EngineError('No datasource URL was given to the schema engine. Set `datasource.url` in prisma.config.ts (DATABASE_URL).', 'P1012');
      }
      return this.adapterFor(this.main);
    }

    async connectToShadowDb() {
      if (this.shadow) {
        // A configured shadowDatabaseUrl. The native engine empties it before use; the
        // wasm engine does not, so we do it here (never on the main database).
        if (this.main && (await sameDatabase(this.main, this.shadow))) {
          throw new EngineError('The shadow database you configured appears to be the same as the main database. Please specify another shadow database.');
        }
        const schema = quoteIdent(this.shadow.schema ?? 'public');
        await withClient(this.shadow.fields, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`));
        log('INFO', `Reset the configured shadow database ${this.shadow.database} at ${this.shadow.where}`);
        return this.adapterFor({ ...this.shadow, shadow: true });
      }
      if (!this.main) return this.connect();
      // A temporary database on the main server, created from a dedicated connection
      // to the main database and addressed by explicit fields (trap 2).
      const name = `${SHADOW_DB_PREFIX}${randomUUID()}`;
      const admin = this.main.fields;
      try {
        await withClient(admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      } catch (e) {
        throw new EngineError(
          'Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. ' +
            'Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\n' +
            `Original error: \n${e?.severity && e?.code ? `Database error code: ${e.code}\n\nDatabase error:\n${e.severity}: ${e.message}` : connectionError(e, this.main).message}`,
          'P3014',
        );
      }
      liveShadowDatabases.set(name, admin);
      log('INFO', `Created temporary shadow database ${name} at ${this.main.where}`);
      const dropShadow = async () => {
        try {
          await dropDatabase(admin, name);
          liveShadowDatabases.delete(name);
          log('INFO', `Dropped temporary shadow database ${name}`);
        } catch (e) {
          log('ERROR', `Could not drop temporary shadow database ${name}: ${e.message}`);
        }
      };
      try {
        return await this.adapterFor({ fields: { ...admin, database: name }, schema: this.main.schema, where: this.main.where, database: name, shadow: true }, dropShadow);
      } catch (e) {
        await dropShadow();
        throw e;
      }
    }
  }

  const main = datasource.url ? connectionFromUrl(datasource.url) : undefined;
  const shadow = datasource.shadowDatabaseUrl ? connectionFromUrl(datasource.shadowDatabaseUrl) : undefined;
  if (main) log('INFO', `Using PostgreSQL database ${main.database} at ${main.where}`);
  boundFactory = bindMigrationAwareSqlAdapterFactory(new MigrationSafePrismaPg(main, shadow));
  return boundFactory;
}

/**
 * Do two connection settings reach the same database? Compared by what the server
 * reports (database name, port, postmaster start time), so that `localhost` vs
 * `127.0.0.1` or a different user cannot hide that they are the same.
 */
async function sameDatabase(a, b) {
  const identify = (fields) =>
    withClient(fields, async (c) => {
      const { rows } = await c.query('SELECT current_database() AS db, inet_server_port() AS port, pg_postmaster_start_time()::text AS started');
      return JSON.stringify(rows[0]);
    });
  const [ia, ib] = await Promise.all([identify(a.fields), identify(b.fields)]);
  return ia === ib;
}

// ---------------------------------------------------------------------------
// The wasm engine
// ---------------------------------------------------------------------------

/** Locate the engine wasm: override, then the CLI's own copy, then the glue package's. */
function wasmPath() {
  const candidates = [];
  if (process.env.SCHEMA_ENGINE_STANDIN_WASM) candidates.push(path.resolve(process.env.SCHEMA_ENGINE_STANDIN_WASM));
  try {
    candidates.push(path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm'));
  } catch {
    /* prisma not installed next to this script */
  }
  try {
    candidates.push(path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm'));
  } catch {
    /* glue package missing: reported by loadWasm() */
  }
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`schema_engine_bg.wasm not found; looked in:\n${candidates.join('\n')}`);
  return found;
}

let _wasm;
/** Load the wasm with the wasm-bindgen glue of @prisma/schema-engine-wasm. */
async function loadWasm() {
  if (_wasm) return _wasm;
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = fs.readFileSync(wasmPath());
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  _wasm = glue;
  return glue;
}

/** Forward the engine's log lines (already JSON in the native format) to stderr. */
function engineLogCallback(line) {
  const text = String(line).trimEnd();
  if (!text) return;
  for (const l of text.split('\n')) {
    try {
      JSON.parse(l);
      process.stderr.write(`${redact(l)}\n`);
    } catch {
      log('INFO', l);
    }
  }
}

// ---------------------------------------------------------------------------
// Errors in the shape the CLI expects
// ---------------------------------------------------------------------------

/** A user-facing error with an optional Prisma error code (P1003, P3018, ...). */
class EngineError extends Error {
  constructor(message, errorCode, meta) {
    super(message);
    this.code = errorCode;
    this.meta = meta;
  }
}

function isPanic(e) {
  return e instanceof WebAssembly.RuntimeError || /\bpanicked at\b/.test(String(e?.message ?? ''));
}

/** Render any thrown value as a JSON-RPC error object. */
function toRpcError(e) {
  const message = redact(e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e));
  if (isPanic(e)) {
    return {
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: { is_panic: true, message, backtrace: redact(e?.stack ?? null) },
    };
  }
  const data = { is_panic: false, message };
  if (typeof e?.code === 'string' && /^P\d{4}$/.test(e.code)) data.error_code = e.code;
  if (e?.meta !== undefined) data.meta = e.meta;
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

/** The adapter factory handed to the engine; its error registry holds our JS errors. */
let boundFactory = null;

/**
 * A JS error thrown inside the adapter (e.g. while creating the shadow database)
 * reaches the engine only as "External error id#N", an index into the factory's
 * error registry. Recover the original error so the CLI shows its message and code.
 */
function resolveExternalError(e) {
  const m = /External error id#(\d+)/.exec(String(e?.message ?? ''));
  const original = m ? boundFactory?.errorRegistry?.registeredErrors?.[Number(m[1])]?.error : undefined;
  if (!original) return e;
  if (original instanceof EngineError) return original;
  return new EngineError(original?.message ?? String(original), /^P\d{4}$/.test(original?.code ?? '') ? original.code : undefined);
}

/**
 * The wasm engine reports a failed migration script as a generic "external connector
 * error" without the P-code that the native engine returns. When the request failed
 * because a script failed, rebuild the native engine's P3018 (main database) or P3006
 * (shadow database) error from the PostgreSQL error we saw.
 */
function enrichMigrationError(e, method) {
  if (!lastScriptError || (typeof e?.code === 'string' && /^P\d{4}$/.test(e.code))) return e;
  const text = String(e?.message ?? '');
  if (!text.startsWith('external connector error')) return e;
  const migrationName = /migration_name="([^"]+)"/.exec(text)?.[1];
  if (!migrationName) return e;
  const pgError = lastScriptError.error;
  const databaseError = [
    `${pgError?.severity ?? 'ERROR'}: ${pgError?.message ?? text}`,
    pgError?.detail ? `DETAIL: ${pgError.detail}` : '',
    pgError?.hint ? `HINT: ${pgError.hint}` : '',
    pgError?.position ? `POSITION: ${pgError.position}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const code = pgError?.code ?? 'unknown';
  if (lastScriptError.shadow || method !== 'applyMigrations') {
    return new EngineError(`Migration \`${migrationName}\` failed to apply cleanly to the shadow database. \nError code: ${code}\nError:\n${databaseError}`, 'P3006', {
      migration_name: migrationName,
      inner_error: databaseError,
    });
  }
  return new EngineError(
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from. ' +
      'Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n' +
      `Migration name: ${migrationName}\n\nDatabase error code: ${code}\n\nDatabase error:\n${databaseError}\n`,
    'P3018',
    { migration_name: migrationName, database_error_code: code, database_error: databaseError },
  );
}

/** pg/network errors -> the Prisma P-codes the CLI reacts to. */
function connectionError(e, conn) {
  const code = e?.code;
  const db = conn.database;
  if (code === '3D000') return new EngineError(`Database \`${db}\` does not exist on the database server at \`${conn.where}\`.`, 'P1003');
  if (code === '28P01' || code === '28000') {
    return new EngineError(
      `Authentication failed against database server, the provided database credentials for \`${conn.fields.user ?? ''}\` are not valid.\n\n` +
        `Please make sure to provide valid database credentials for the database server at \`${conn.where}\`.`,
      'P1000',
    );
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code) || /timeout/i.test(e?.message ?? '')) {
    return new EngineError(`Can't reach database server at \`${conn.where}\`\n\nPlease make sure your database server is running at \`${conn.where}\`.`, 'P1001');
  }
  if (code === '42501') return new EngineError(`User was denied access on the database \`${db}\``, 'P1010');
  return e instanceof Error ? e : new Error(String(e));
}

// ---------------------------------------------------------------------------
// `cli` subcommands (no wasm needed; plain pg)
// ---------------------------------------------------------------------------

async function runCliSubcommand(subcommand, datasource) {
  // The CLI skips the first stderr line, then parses every further line as JSON.
  log('INFO', `schema-engine wasm stand-in: cli ${subcommand}`);
  const conn = connectionFromUrl(datasource.url);
  try {
    switch (subcommand) {
      case 'can-connect-to-database':
        await withClient(conn.fields, (c) => c.query('SELECT 1'));
        return;
      case 'create-database':
        await withMaintenanceClient(conn.fields, (c) => c.query(`CREATE DATABASE ${quoteIdent(conn.database)}`));
        log('INFO', `Created database ${conn.database} at ${conn.where}`);
        return;
      case 'drop-database':
        await withMaintenanceClient(conn.fields, (c) => c.query(`DROP DATABASE ${quoteIdent(conn.database)}`));
        log('INFO', `Dropped database ${conn.database} at ${conn.where}`);
        return;
      default:
        throw new UsageError(`unknown cli subcommand: ${subcommand}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof EngineError) throw e;
    throw connectionError(e, conn);
  }
}

/** Report an error for the `cli` mode the way the native engine does, then exit 1. */
function failCli(e) {
  const line = {
    timestamp: new Date().toISOString(),
    level: 'ERROR',
    fields: { message: redact(e?.message ?? String(e)), ...(e?.code && /^P\d{4}$/.test(e.code) ? { error_code: e.code } : {}) },
    target: 'schema_engine::logger',
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

// ---------------------------------------------------------------------------
// JSON-RPC server
// ---------------------------------------------------------------------------

/** JSON.stringify that copes with what serde-wasm-bindgen may hand back (Map, BigInt). */
function toJson(value) {
  return JSON.stringify(value, (_k, v) => {
    if (v instanceof Map) return Object.fromEntries(v);
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    return v;
  });
}

function send(message) {
  process.stdout.write(`${toJson({ jsonrpc: '2.0', ...message })}\n`);
}

/** Only the engine's own API methods may be called through JSON-RPC. */
function isEngineMethod(engine, name) {
  const proto = Object.getPrototypeOf(engine);
  return Object.hasOwn(proto, name) && typeof proto[name] === 'function' && !['constructor', 'free'].includes(name) && !name.startsWith('_');
}

/** Methods the CLI may call whose engine method has another name. */
const METHOD_ALIASES = { getDatabaseVersion: 'version' };

async function serveJsonRpc(args) {
  const datasource = parseDatasourceArg(args.datasource);
  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, 'utf8')]);

  let enginePromise;
  let panicked = null;
  const getEngine = () => {
    enginePromise ??= (async () => {
      const wasm = await loadWasm();
      const factory = await makeAdapterFactory(datasource);
      return wasm.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, engineLogCallback, factory);
    })();
    return enginePromise;
  };

  // Requests we send to the CLI (only `print`), keyed by id.
  let nextOutboundId = 1;
  const outbound = new Map();
  const askCli = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextOutboundId++;
      outbound.set(id, { resolve, reject });
      send({ id, method, params });
    });

  const extraMethods = {
    /** Not in the wasm engine: done with pg directly. */
    async createDatabase(params) {
      const url = params?.datasource?.url ?? datasource.url;
      const conn = connectionFromUrl(url);
      try {
        await withMaintenanceClient(conn.fields, (c) => c.query(`CREATE DATABASE ${quoteIdent(conn.database)}`));
      } catch (e) {
        throw connectionError(e, conn);
      }
      return { databaseName: conn.database };
    },
  };

  async function handle(request) {
    const { id, method, params } = request;
    if (DEBUG) log('DEBUG', `-> ${method}`);
    lastScriptError = null;
    try {
      if (panicked) throw panicked;
      let result;
      if (extraMethods[method]) {
        result = await extraMethods[method](params);
      } else {
        const engine = await getEngine();
        const name = METHOD_ALIASES[method] ?? method;
        if (!isEngineMethod(engine, name)) {
          if (id !== undefined) send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
          return;
        }
        result = await engine[name](params ?? undefined);
        if (method === 'diff' && result && typeof result.stdout === 'string') {
          // Like the native engine: hand the output to the CLI, which prints it.
          await askCli('print', { content: result.stdout });
          result = { ...result, stdout: null };
        }
      }
      if (id !== undefined) send({ id, result: result === undefined ? {} : result });
    } catch (e) {
      if (isPanic(e)) {
        panicked ??= e; // the wasm instance is unusable after a panic
        log('ERROR', `engine panicked: ${e?.message ?? e}`);
      }
      if (DEBUG) log('DEBUG', `<- ${method} failed: ${e?.message ?? e}`);
      if (id !== undefined) send({ id, error: toRpcError(enrichMigrationError(resolveExternalError(e), method)) });
    }
  }

  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      send({ id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (msg && msg.method === undefined && msg.id !== undefined) {
      // A response to one of our own requests (`print`): settle it right away, even
      // while the request that triggered it is still being handled.
      const pending = outbound.get(msg.id);
      if (pending) {
        outbound.delete(msg.id);
        if (msg.error) pending.reject(new Error(msg.error.message ?? 'print failed'));
        else pending.resolve(msg.result);
      }
      return;
    }
    if (!msg || typeof msg.method !== 'string') {
      send({ id: msg?.id ?? null, error: { code: -32600, message: 'Invalid Request' } });
      return;
    }
    // One request at a time, in order, like the native engine's CLI usage.
    queue = queue.then(() => handle(msg));
  });

  await new Promise((resolve) => rl.on('close', resolve));
  for (const { reject } of outbound.values()) reject(new Error('stdin closed'));
  await queue;
}

// ---------------------------------------------------------------------------
// Shutdown: close pools first, then drop any temporary shadow database left over.
// ---------------------------------------------------------------------------

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.allSettled([...openPools].map((p) => p.end()));
  for (const [name, admin] of liveShadowDatabases) {
    try {
      await dropDatabase(admin, name);
      log('INFO', `Dropped leftover shadow database ${name}`);
    } catch (e) {
      log('ERROR', `Could not drop leftover shadow database ${name}: ${e.message}`);
    }
  }
  // Let stdout drain before exiting.
  process.stdout.write('', () => process.exit(code));
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => void shutdown(code));
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`schema-engine: ${e.message}\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return shutdown(0);
  }
  if (args.version) {
    const wasm = await loadWasm();
    process.stdout.write(`schema-engine-cli ${wasm.version()}\n`);
    return shutdown(0);
  }
  if (args.cli) {
    try {
      await runCliSubcommand(args.cli, parseDatasourceArg(args.datasource));
      return shutdown(0);
    } catch (e) {
      failCli(e);
      return shutdown(1);
    }
  }
  await serveJsonRpc(args);
  return shutdown(0);
}

main().catch((e) => {
  log('ERROR', `schema-engine stand-in failed: ${e?.stack ?? e}`);
  void shutdown(1);
});
