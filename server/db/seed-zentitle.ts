/** Zentitle demo data (filled in with the Zentitle modules). */
import type { Db } from './store.ts';

export interface ZentitleDemo {
  [key: string]: unknown;
}

export function seedZentitle(_db: Db): ZentitleDemo {
  return {};
}
