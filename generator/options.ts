/**
 * The choices a user makes about output, shared by the config reader, the command line and the
 * pipeline. Kept apart from the pipeline so reading them loads no emitter (`gen --help` stays fast).
 */

/** What a user may choose to emit; the modules each part needs follow from the imports. */
export const PARTS = ['types', 'client', 'server', 'validators'] as const;
export type Part = (typeof PARTS)[number];

/** The two output forms: TypeScript for the user's source tree, or a compiled npm package. */
export const FORMS = ['source', 'package'] as const;
export type Form = (typeof FORMS)[number];

/** How one output folder is written. */
export interface OutputOptions {
  /** Default `source`. */
  form?: Form | undefined;
  /** The package name in the folder's package.json (default `contract-gen-generated`). */
  packageName?: string | undefined;
  /** The package version (default `0.0.0`). */
  packageVersion?: string | undefined;
}
