/**
 * The one persistent store every API module works on: a better-sqlite3
 * database in the data directory, WAL journal with synchronous=FULL (a
 * committed transaction is on disk before the response is sent, so it
 * survives `kill -9`), schema managed by numbered SQL migrations.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating if needed) `<dataDir>/contract-gen.sqlite` and applies pending migrations. */
export function openStore(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'contract-gen.sqlite'));
  db.pragma('journal_mode = WAL');
  // FULL: the WAL is fsynced at every commit, so an acknowledged write outlives a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process (a test, `npm run seed`) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies every `NNN_name.sql` not yet recorded in `schema_migrations`, each in its own transaction. */
export function migrate(db: Db): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const done: string[] = [];
  for (const file of files) {
    const version = parseInt(file, 10);
    if (applied.has(version)) continue;
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, new Date().toISOString());
    })();
    done.push(file);
  }
  return done;
}

/** Next value of a named counter, allocated atomically (one UPSERT … RETURNING statement). */
export function nextCounter(db: Db, name: string, start = 1): number {
  const row = db
    .prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value')
    .get(name, start) as { value: number };
  return row.value;
}
