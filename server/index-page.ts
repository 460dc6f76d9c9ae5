/** The `GET /` page (placeholder until the full page lands). */
import type { Mount } from './app.ts';

export function renderIndex(mounts: Mount[]): string {
  return `<!doctype html><html><body><ul>${mounts.map((m) => `<li>${m.name} <a href="${m.path}?wsdl">${m.path}</a></li>`).join('')}</ul></body></html>`;
}

export function staticAsset(_pathname: string): { type: string; body: Buffer } | undefined {
  return undefined;
}
