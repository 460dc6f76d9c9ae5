/** Small date helpers shared by the API modules (all UTC). */

/** `MM/dd/yyyy` (leading zeros optional) → `yyyy-mm-dd`, or undefined when it is not a real calendar date. */
export function parseUsDate(s: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return undefined;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return isoDate(d);
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `yyyy-mm-ddThh:mm:ss` (no zone, as .NET's XmlSerializer writes an unspecified DateTime). */
export function isoDateTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

export function todayIso(): string {
  return isoDate(new Date());
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** `yyyy-mm-dd` → `MM/dd/yyyy`. */
export function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}
