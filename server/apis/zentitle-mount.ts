/** Mounts the Zentitle SOAP and REST APIs (filled in when their generated stubs exist). */
import type { Db } from '../db/store.ts';
import type { Mount } from '../app.ts';

export function mountZentitle(_db: Db, _onError: (e: unknown) => void): Mount[] {
  return [];
}
