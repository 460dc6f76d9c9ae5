/**
 * The choices of `gen breaking` and `gen changelog` as the command line offers them. Kept apart
 * from the comparison so the CLI can describe them without loading it (`gen --help` stays fast).
 */

export const CATEGORY_CHOICES = ['wire', 'code', 'all'] as const;
export type CategoryChoice = (typeof CATEGORY_CHOICES)[number];

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface BreakingOptions {
  /** `breaking`: exit 1 on a break; `changelog`: Markdown of every change. */
  mode: 'breaking' | 'changelog';
  /** Specs to check; none: every API of the config file. */
  specs: string[];
  /** A git revision, a file or a folder. */
  against: string;
  category: CategoryChoice;
  format: Format;
  config: string;
  quiet: boolean;
}
